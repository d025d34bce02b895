import { createChatCompletion } from '@/lib/api/handlers';
import { apiGuarded } from '@/lib/guard/route';

export const dynamic = 'force-dynamic';

export const POST = apiGuarded(createChatCompletion);
