import { guarded } from '@/lib/guard/route';
import { judgeAnswers } from '@/lib/compare/handlers';

export const dynamic = 'force-dynamic';

export const POST = guarded(judgeAnswers);
