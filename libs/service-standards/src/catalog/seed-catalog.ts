import catalog2018_08 from '../../data/catalog/2018-08.json';
import { loadCatalog, type Catalog } from './catalog';

let seed: Catalog | undefined;

/** The catalog versions kept in `libs/service-standards/data/catalog/`, validated once. */
export function seedCatalog(): Catalog {
  seed ??= loadCatalog([catalog2018_08]);
  return seed;
}
