import { readFileSync } from 'node:fs';
import packaged from './window-categories.json';
import type { WindowCategory } from './hall-queue.decider';

export function loadWindowCategories(path?: string): readonly WindowCategory[] {
  const raw = (path ? JSON.parse(readFileSync(path, 'utf8')) : packaged) as { categories?: unknown };
  const list = Array.isArray(raw.categories) ? raw.categories : [];
  const categories = list.map((c: Record<string, unknown>, i: number) => {
    const ok =
      typeof c.code === 'string' &&
      typeof c.name === 'string' &&
      typeof c.prefix === 'string' &&
      /^[A-Z]$/.test(c.prefix) &&
      Array.isArray(c.windows) &&
      c.windows.every((w) => typeof w === 'string');
    if (!ok) throw new Error(`HALL_CONFIG: category ${i} needs code, name, a one-letter prefix and windows (strings)`);
    return c as unknown as WindowCategory;
  });
  if (categories.length === 0) throw new Error('HALL_CONFIG: no window categories');
  return categories;
}
