import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { REQUIRED_ROLES } from '../auth/decorators';
import { CalendarDateField, FenField, UnitNumberField } from './fields';
import { CommandRoute, QueryRoute } from './routes';
import { ContextCommand } from './context-command';
import type { CommandContext } from './command-context';

// @nestjs/swagger's metadata keys (its constants module is not exported).
const DECORATORS = { API_OPERATION: 'swagger/apiOperation', API_RESPONSE: 'swagger/apiResponse', API_MODEL_PROPERTIES: 'swagger/apiModelProperties' };

class Reply {}

class Routes {
  @CommandRoute({ roles: ['clerk'], summary: 'create', created: Reply })
  create(): void {}

  @CommandRoute({ path: ':id/close', roles: ['clerk', 'service'], summary: 'close', description: 'why', ok: Reply })
  close(): void {}

  @QueryRoute({ path: ':id', summary: 'read', ok: Reply, isArray: true })
  read(): void {}
}

const meta = (key: string, method: keyof Routes): unknown => Reflect.getMetadata(key, Routes.prototype[method]);

describe('CommandRoute / QueryRoute', () => {
  it('a created command: POST on the controller path, its roles, summary and 201 schema', () => {
    expect(meta(METHOD_METADATA, 'create')).toBe(RequestMethod.POST);
    expect(meta(PATH_METADATA, 'create')).toBe('/');
    expect(meta(HTTP_CODE_METADATA, 'create')).toBeUndefined();
    expect(meta(REQUIRED_ROLES, 'create')).toEqual(['clerk']);
    expect(meta(DECORATORS.API_OPERATION, 'create')).toEqual({ summary: 'create' });
    expect(meta(DECORATORS.API_RESPONSE, 'create')).toEqual({ '201': expect.objectContaining({ type: Reply }) });
  });

  it('a change: POST on its path answered 200 with its schema, the description kept', () => {
    expect(meta(PATH_METADATA, 'close')).toBe(':id/close');
    expect(meta(HTTP_CODE_METADATA, 'close')).toBe(HttpStatus.OK);
    expect(meta(REQUIRED_ROLES, 'close')).toEqual(['clerk', 'service']);
    expect(meta(DECORATORS.API_OPERATION, 'close')).toEqual({ summary: 'close', description: 'why' });
    expect(meta(DECORATORS.API_RESPONSE, 'close')).toEqual({ '200': expect.objectContaining({ type: Reply }) });
  });

  it('a query: GET, no roles of its own, a list schema', () => {
    expect(meta(METHOD_METADATA, 'read')).toBe(RequestMethod.GET);
    expect(meta(REQUIRED_ROLES, 'read')).toBeUndefined();
    expect(meta(DECORATORS.API_RESPONSE, 'read')).toEqual({ '200': expect.objectContaining({ type: Reply, isArray: true }) });
  });
});

class Fields {
  @CalendarDateField({ example: '2018-09-01' }) from!: string;
  @CalendarDateField({ optional: true }) to?: string;
  @UnitNumberField() unit!: string;
  @FenField({ positive: true }) price!: number;
}

const problems = (value: object): string[] => validateSync(plainToInstance(Fields, value)).map((e) => e.property);
const valid = { from: '2018-09-01', unit: '500102001001GB00001F00010001', price: 1 };

describe('field decorators', () => {
  it('validate as their validator does, optional ones may be left out', () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, to: '2018-02-30' })).toEqual(['to']);
    expect(problems({ ...valid, from: undefined, unit: 'x', price: 0 })).toEqual(['from', 'unit', 'price']);
  });

  it('document the property: required unless optional, with its example', () => {
    const props = (name: string): { required?: boolean; example?: string } => Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, Fields.prototype, name);
    // ApiProperty leaves `required` unset: required is OpenAPI's default for it.
    expect(props('from')).toMatchObject({ example: '2018-09-01' });
    expect(props('from').required).not.toBe(false);
    expect(props('to')).toMatchObject({ required: false });
  });
});

class Change extends ContextCommand<{ readonly id: string }, number> {}

describe('ContextCommand', () => {
  it('carries payload, context and the inbox transaction, and stays its own class for the bus', () => {
    const context = { commandId: 'c-1' } as unknown as CommandContext;
    const command = new Change({ id: 'a' }, context);
    expect(command).toMatchObject({ payload: { id: 'a' }, context, inbox: undefined });
    expect(Object.getPrototypeOf(command).constructor).toBe(Change);
  });
});
