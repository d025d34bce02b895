import 'server-only';
import { z } from 'zod';
import { jsonError, readJsonBody } from '../http';
import { describeIssues, moaConfigSchema } from '../moa/config';
import { ownerOf } from '../runs/owner';
import { configNameSchema, isSlug, SAVED_CONFIG_LIMITS } from './names';
import { getSavedConfigStore } from './server';
import type { Outcome, ResolvedConfig } from './store';

/** The handlers of `/api/configs/**`; the route files make each one with `guarded()`. */

/** A board is far smaller (the run API takes 256 KB with a prompt). */
const MAX_BODY_BYTES = 256 * 1024;

export type SlugParams = { params: Promise<{ slug: string }> };

const createSchema = z.strictObject({ name: configNameSchema, config: moaConfigSchema });
const versionSchema = z.strictObject({ config: moaConfigSchema });
const renameSchema = z.strictObject({ name: configNameSchema });
const versionNumber = z.number('version must be a number.').int('version must be a whole number.').min(1, 'version is at least 1.');
const duplicateSchema = z.strictObject({ name: configNameSchema, version: versionNumber.optional() });

const notFound = () => jsonError(404, 'You have no saved configuration with this name.');
const noOwner = () => jsonError(403, 'Saved configurations belong to a browser: this request carries no owner cookie. Load the app once, then try again.');

/** Refusals in words a user can act on. */
function refused(outcome: Extract<Outcome<unknown>, { ok: false }>): Response {
  switch (outcome.reason) {
    case 'not-found':
      return notFound();
    case 'name-taken':
      return jsonError(409, `You already have a saved configuration named like this (“${outcome.slug}”). Pick another name, or save a new version of that one.`);
    case 'too-many-configs':
      return jsonError(409, `You have ${SAVED_CONFIG_LIMITS.maxConfigsPerOwner} saved configurations, the most one browser may keep. Delete one first.`);
    case 'too-many-versions':
      return jsonError(409, `This configuration has ${SAVED_CONFIG_LIMITS.maxVersionsPerConfig} versions, the most one may have. Duplicate it to go on under a new name.`);
  }
}

/** The body, checked against `schema`; or the 400/413 answer. */
async function readBody<T>(request: Request, schema: z.ZodType<T>, what: string): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: jsonError(400, `The ${what} is invalid.`, describeIssues(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/** The caller's owner hash and the slug of the path; or a 403/404 answer. */
async function target(request: Request, context: SlugParams): Promise<{ ok: true; owner: string; slug: string } | { ok: false; response: Response }> {
  const owner = ownerOf(request);
  if (!owner) return { ok: false, response: noOwner() };
  const { slug } = await context.params;
  // Slugs are per owner: someone else's config is not found, never revealed.
  if (!isSlug(slug)) return { ok: false, response: notFound() };
  return { ok: true, owner, slug };
}

const created = (value: ResolvedConfig) => Response.json(value, { status: 201 });

/** `GET /api/configs`: the caller's saved configurations, most recently changed first. */
export async function listConfigs(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return Response.json({ configs: [] });
  return Response.json({ configs: await (await getSavedConfigStore()).list(owner) }, { headers: { 'cache-control': 'no-store' } });
}

/** `POST /api/configs` `{name, config}`: saves the board as version 1 of a new configuration. */
export async function createConfig(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return noOwner();
  const body = await readBody(request, createSchema, 'configuration');
  if (!body.ok) return body.response;
  const outcome = await (await getSavedConfigStore()).create(owner, body.value.name, body.value.config);
  return outcome.ok ? created(outcome.value) : refused(outcome);
}

/** `GET /api/configs/<slug>?version=<n>`: its versions, and the board of one (the latest by default). */
export async function getConfig(request: Request, context: SlugParams): Promise<Response> {
  const at = await target(request, context);
  if (!at.ok) return at.response;
  const param = new URL(request.url).searchParams.get('version');
  const version = param === null ? undefined : Number(param);
  if (version !== undefined && !versionNumber.safeParse(version).success) return jsonError(400, 'version must be a whole number from 1.');
  const store = await getSavedConfigStore();
  const [config, resolved] = await Promise.all([store.get(at.owner, at.slug), store.resolve(at.owner, at.slug, version)]);
  if (!config) return notFound();
  if (!resolved) return jsonError(404, `“${config.name}” has no version ${version} (its latest is ${config.latestVersion}).`);
  return Response.json({ config, version: resolved }, { headers: { 'cache-control': 'no-store' } });
}

/** `POST /api/configs/<slug>/versions` `{config}`: saves the board as its next version. */
export async function addConfigVersion(request: Request, context: SlugParams): Promise<Response> {
  const at = await target(request, context);
  if (!at.ok) return at.response;
  const body = await readBody(request, versionSchema, 'configuration');
  if (!body.ok) return body.response;
  const outcome = await (await getSavedConfigStore()).addVersion(at.owner, at.slug, body.value.config);
  return outcome.ok ? created(outcome.value) : refused(outcome);
}

/** `PATCH /api/configs/<slug>` `{name}`: renames it (its slug follows the name). */
export async function renameConfig(request: Request, context: SlugParams): Promise<Response> {
  const at = await target(request, context);
  if (!at.ok) return at.response;
  const body = await readBody(request, renameSchema, 'new name');
  if (!body.ok) return body.response;
  const outcome = await (await getSavedConfigStore()).rename(at.owner, at.slug, body.value.name);
  return outcome.ok ? Response.json(outcome.value) : refused(outcome);
}

/** `POST /api/configs/<slug>/duplicate` `{name, version?}`: a new configuration starting from one of its versions. */
export async function duplicateConfig(request: Request, context: SlugParams): Promise<Response> {
  const at = await target(request, context);
  if (!at.ok) return at.response;
  const body = await readBody(request, duplicateSchema, 'copy');
  if (!body.ok) return body.response;
  const outcome = await (await getSavedConfigStore()).duplicate(at.owner, at.slug, body.value.name, body.value.version);
  return outcome.ok ? created(outcome.value) : refused(outcome);
}

/** `DELETE /api/configs/<slug>`: the config and its versions; runs keep their own copy of the board. */
export async function deleteConfig(request: Request, context: SlugParams): Promise<Response> {
  const at = await target(request, context);
  if (!at.ok) return at.response;
  return (await (await getSavedConfigStore()).remove(at.owner, at.slug)) ? new Response(null, { status: 204 }) : notFound();
}
