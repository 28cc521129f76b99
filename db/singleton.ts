/**
 * One instance per process, even when a module is loaded twice: the server entry imports
 * it directly while the Remix build carries its own bundled copy.
 */
export function singleton<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as { __senim?: Map<string, unknown> };
  registry.__senim ??= new Map();
  if (!registry.__senim.has(name)) registry.__senim.set(name, create());
  return registry.__senim.get(name) as T;
}
