import { describe, expect, it } from 'vitest';
import { describeIndexLocation, describePostgresLocation, isPostgresLocation } from '../../src/known-incidents/postgres-location.js';

describe('telling a server index from a file, and naming it', () => {
  it('postgres:// and postgresql:// in any case are servers; paths, even odd ones, are files', () => {
    for (const server of ['postgres://db/logsift', 'postgresql://support@db:5432/logsift', 'POSTGRES://db/x']) expect(isPostgresLocation(server), server).toBe(true);
    for (const file of ['known-incidents.sqlite', '/var/lib/logsift/postgres.sqlite', './postgres:/x', 'postgres.sqlite', 'sqlite://x']) expect(isPostgresLocation(file), file).toBe(false);
  });

  it('names a server without its password or query, which may carry secrets', () => {
    expect(describePostgresLocation('postgres://support:s3cret@db.example:5432/logsift?sslmode=verify-full&password=s3cret')).toBe('postgres://support@db.example:5432/logsift');
    expect(describePostgresLocation('postgresql://db.example/logsift')).toBe('postgresql://db.example/logsift');
    expect(describePostgresLocation('postgres://[::1]:5433/test')).toBe('postgres://[::1]:5433/test');
  });

  it('names a string that is not a URL by its scheme alone', () => {
    expect(describePostgresLocation('postgres://support:pw@[db')).toBe('postgres://…');
  });

  it('names a file index by its path as given', () => {
    expect(describeIndexLocation('~/x/known-incidents.sqlite')).toBe('~/x/known-incidents.sqlite');
    expect(describeIndexLocation('postgres://a:b@h/d')).toBe('postgres://a@h/d');
  });
});
