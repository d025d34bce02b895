import { guarded } from '@/lib/guard/route';
import { handleJudgeRequest } from '@/lib/compare/judge-server';

export const dynamic = 'force-dynamic';

/** Judges two final answers, in both orders (lib/compare/judge.ts). */
export const POST = guarded(handleJudgeRequest);
