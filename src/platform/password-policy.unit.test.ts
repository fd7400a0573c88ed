import { describe, expect, it } from 'vitest';
import { passwordRefusal } from './password-policy';

describe('password policy (NIST SP 800-63B)', () => {
  it('refuses the passwords an attacker tries first', () => {
    expect(passwordRefusal(' '.repeat(10))).toBe('repeated');
    expect(passwordRefusal('aaaaaaaaaa')).toBe('repeated');
    expect(passwordRefusal('abababababab')).toBe('repeated');
    expect(passwordRefusal('password12')).toBe('common');
    expect(passwordRefusal('qwertyuiop')).not.toBeNull();
    expect(passwordRefusal('1234567890')).not.toBeNull();
    expect(passwordRefusal('short')).toBe('too-short');
    expect(passwordRefusal('x'.repeat(201))).toBe('too-long');
  });

  it('refuses a password built from the user’s own name, username or e-mail', () => {
    expect(passwordRefusal('huatuo-admin1', { username: 'huatuo-admin', email: 'ops@huatuo.example' })).toBe('personal');
  });

  it('accepts long, irregular passwords and passphrases, in any script, with no composition rules', () => {
    expect(passwordRefusal('correct horse battery')).toBeNull();
    expect(passwordRefusal('a-long-password')).toBeNull();
    expect(passwordRefusal('bozhou-huatuo-2026')).toBeNull();
    expect(passwordRefusal('中药材循环利用平台口令')).toBeNull();
    expect(passwordRefusal('fixture-password-1')).toBeNull();
  });
});
