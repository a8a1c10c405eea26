import { describe, expect, it } from 'vitest';
import { censorSecretsInText, looksSecretKey } from './secret-text.js';

describe('looksSecretKey', () => {
  it('takes keys that name credentials in any spelling', () => {
    for (const key of ['password', 'db_password', 'apiToken', 'X-Auth', 'auth', 'basicAuth', 'authKey', 'auth_header']) {
      expect(looksSecretKey(key), key).toBe(true);
    }
    for (const key of ['authorization', 'Proxy-Authorization', 'authorisation', 'author_token', 'sessionToken', 'private_key']) {
      expect(looksSecretKey(key), key).toBe(true);
    }
  });

  it('leaves an author or an authority alone: `auth` there does not name credentials', () => {
    for (const key of ['author', 'co_author', 'authorName', 'authority', 'certificate_authority', 'authored_by']) {
      expect(looksSecretKey(key), key).toBe(false);
    }
  });
});

describe('censorSecretsInText', () => {
  it('censors secret parameters, not an author named in the same text', () => {
    expect(censorSecretsInText('GET /posts?author=jane&auth=s3cr3t')).toBe('GET /posts?author=jane&auth=[REDACTED]');
  });
});
