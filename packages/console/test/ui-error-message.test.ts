import { describe, expect, it } from 'vitest';
import { refusalMessage } from '../ui/src/api/error-message.js';

describe('refusalMessage', () => {
  it('adds the reason of each parameter at fault to the API’s message', () => {
    const body = {
      message: 'bad body field(s): link',
      issues: [{ parameter: 'link', message: 'a console path (/traces/…) or an http(s) URL' }],
    };
    expect(refusalMessage('400 Bad Request', body)).toBe('bad body field(s): link — link: a console path (/traces/…) or an http(s) URL');
  });

  it('keeps the message alone without issues, and the status line without a message', () => {
    expect(refusalMessage('404 Not Found', { message: 'no trace 4bf9' })).toBe('no trace 4bf9');
    expect(refusalMessage('502 Bad Gateway', undefined)).toBe('502 Bad Gateway');
    expect(refusalMessage('400 Bad Request', { issues: [{ parameter: 3 }] })).toBe('400 Bad Request');
  });
});
