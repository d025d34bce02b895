import { openApiDocument } from '@/lib/api/openapi';
import { originOf } from '@/lib/guard/guard';
import { guarded } from '@/lib/guard/route';

export const dynamic = 'force-dynamic';

/** Public like the API's own error messages: it describes the API, and holds no key or data. */
export const GET = guarded(async (request) => Response.json(openApiDocument(`${originOf(request)}/api/v1`)));
