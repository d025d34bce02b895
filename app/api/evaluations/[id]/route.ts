import { guarded } from '@/lib/guard/route';
import { actOnEvaluation, deleteEvaluation, getEvaluation, type EvaluationParams } from '@/lib/evals/handlers';

export const dynamic = 'force-dynamic';

export const GET = guarded<EvaluationParams>(getEvaluation);
export const POST = guarded<EvaluationParams>(actOnEvaluation);
export const DELETE = guarded<EvaluationParams>(deleteEvaluation);
