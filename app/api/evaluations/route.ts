import { guarded } from '@/lib/guard/route';
import { createEvaluation, listEvaluations } from '@/lib/evals/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded(createEvaluation);
export const GET = guarded(listEvaluations);
