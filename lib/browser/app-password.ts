import { APP_PASSWORD_HEADER } from '../errors';

/**
 * The app password a user typed for a protected deployment. Kept for the tab only
 * (sessionStorage), and sent as a header rather than a cookie, so other sites cannot
 * start runs with it.
 */
const KEY = 'moa-app-password';

export function appPasswordHeaders(): Record<string, string> {
  try {
    const password = sessionStorage.getItem(KEY);
    return password ? { [APP_PASSWORD_HEADER]: password } : {};
  } catch {
    return {};
  }
}

export function saveAppPassword(password: string) {
  try {
    sessionStorage.setItem(KEY, password);
  } catch {
    // Storage blocked: the password then lasts only for the next request.
  }
}
