import { z } from 'zod';

// The pages' Content-Security-Policy forbids eval, and zod's JIT probe (`new Function`) is reported
// as a violation even though zod catches it. Imported by every module that parses in the browser.
if (typeof window !== 'undefined') z.config({ jitless: true });
