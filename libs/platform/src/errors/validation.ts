import { ValidationPipe, type ArgumentMetadata, type ValidationError as CvError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ValidationError, type FieldIssue } from '@gov/event-sourcing';

function flatten(errors: readonly CvError[], parent = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      // class-validator words it "property x should not exist": name the field plainly.
      out.push({ field, message: message.replace(/^property \S+ should not exist$/, 'is not a known field') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

// @nestjs/swagger's metadata keys: the DTO's documented properties are the contract checked here.
const MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
const MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface ModelProperty {
  readonly type?: unknown;
  readonly required?: boolean;
  readonly nullable?: boolean;
}

type Dto = abstract new (...args: never[]) => unknown;

function documentedProperties(type: unknown): string[] {
  if (typeof type !== 'function') return [];
  const list = Reflect.getMetadata(MODEL_PROPERTIES_ARRAY, (type as Dto).prototype) as string[] | undefined;
  return (list ?? []).map((p) => p.replace(/^:/, ''));
}

/** The DTO class of a documented property, when it is one (`{ type: X }`, `{ type: [X] }` or the declared type). */
function nestedDto(owner: Dto, property: string, meta: ModelProperty): Dto | undefined {
  let t = Array.isArray(meta.type) ? meta.type[0] : meta.type;
  if (t === undefined) t = Reflect.getMetadata('design:type', owner.prototype as object, property);
  return documentedProperties(t).length ? (t as Dto) : undefined;
}

/**
 * A nested object the document declares required must be there: class-validator's
 * @ValidateNested() passes an absent object, so `POST /house-transfers` without
 * `contract` or `owners[0].share` would reach the handler. Walks only as deep
 * as the DTO classes go (the input's depth is already bounded at the edge).
 */
export function missingNestedObjects(type: unknown, value: unknown, parent = '', depth = 0): FieldIssue[] {
  if (depth > 16 || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const owner = type as Dto;
  const out: FieldIssue[] = [];
  for (const property of documentedProperties(type)) {
    const meta = (Reflect.getMetadata(MODEL_PROPERTIES, owner.prototype as object, property) ?? {}) as ModelProperty;
    const nested = nestedDto(owner, property, meta);
    if (!nested) continue;
    const field = parent ? `${parent}.${property}` : property;
    const v = (value as Record<string, unknown>)[property];
    if (v === undefined || v === null) {
      if (meta.required !== false && !(v === null && meta.nullable)) out.push({ field, message: 'is required' });
      continue;
    }
    if (Array.isArray(v)) v.forEach((item, i) => out.push(...missingNestedObjects(nested, item, `${field}[${i}]`, depth + 1)));
    else out.push(...missingNestedObjects(nested, v, field, depth + 1));
  }
  return out;
}

/** A request type with no fields at all (e.g. gRPC `ListCatalogVersionsRequest {}`). */
function isEmptyContract(type: unknown): boolean {
  return typeof type === 'function' && type !== Object && !documentedProperties(type).length && !getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length;
}

class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // class-validator's forbidUnknownValues refuses every value of a type with no rules, the valid empty request included.
    if (isEmptyContract(metadata.metatype) && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const unknown = Object.keys(value);
      if (unknown.length) throw new ValidationError(unknown.map((field) => ({ field, message: 'is not a known field' })));
      return value;
    }
    const missing = metadata.metatype ? missingNestedObjects(metadata.metatype, value) : [];
    try {
      const result: unknown = await super.transform(value, metadata);
      if (missing.length) throw new ValidationError(missing);
      return result;
    } catch (e) {
      if (missing.length && e instanceof ValidationError) {
        const seen = new Set(missing.map((i) => i.field));
        throw new ValidationError([...missing, ...e.issues.filter((i) => !seen.has(i.field))]);
      }
      throw e;
    }
  }
}

/** Whitelisting validation: unknown fields are refused, every bad field is named, required nested objects must be present. */
export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}
