import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordProblem } from '../../src/contracts';
import { makeOneTimePassword } from '../../src/server/modules/auth/passwords';
import { describeUserAgent } from '../../src/server/modules/auth/user-agent';

test('the password rule refuses what is guessed first and accepts a passphrase', () => {
  const account = { username: 'yuchanghong', displayName: '于长宏' };
  const refused: Array<[string, string]> = [
    ['short', 'password.too_short'],
    ['x'.repeat(201), 'password.too_long'],
    ['YuChangHong2020', 'password.contains_username'],
    ['于长宏的密码是这个吗', 'password.contains_name'],
    ['13800138000', 'password.only_digits'],
    ['5401021980', 'password.only_digits'],
    ['aaaaaaaaaaaa', 'password.too_simple'],
    ['abababababab', 'password.too_simple'],
    ['password123', 'password.common'],
    ['P@ssw0rd2024!', 'password.common'],
    ['Qwertyuiop', 'password.common'],
    ['1qaz2wsx3edc', 'password.common'],
    ['abcdefghijkl', 'password.common'],
    ['0987654321a', 'password.common'],
    ['woaini1314', 'password.common'],
    ['passwordpassword', 'password.common'],
    ['2024-01-01!!', 'password.common'],
    ['!!Shanghai2020', 'password.common'],
  ];
  for (const [pw, code] of refused) assert.equal(passwordProblem(pw, account), code, pw);
  for (const pw of ['correct-horse-battery', 'Namtso-Lake-4718', '雅鲁藏布江大峡谷2020', 'cohort-demo-2020', 'Kp7w-3hXz-Qm9d'])
    assert.equal(passwordProblem(pw, account), null, pw);
});

test('one-time passwords are readable and always pass the rule', () => {
  for (let i = 0; i < 200; i++) {
    const pw = makeOneTimePassword({ username: 'abc', displayName: 'x' });
    assert.match(pw, /^[a-km-zA-HJ-NP-Z2-9]{4}-[a-km-zA-HJ-NP-Z2-9]{4}-[a-km-zA-HJ-NP-Z2-9]{4}$/);
    assert.equal(passwordProblem(pw, { username: 'abc' }), null);
  }
});

test('user agents become a browser and a system', () => {
  assert.equal(
    describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'),
    'Chrome 131 · Windows',
  );
  assert.equal(
    describeUserAgent(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    ),
    'Safari 17 · iOS',
  );
  assert.equal(
    describeUserAgent('Mozilla/5.0 (Linux; Android 13; V2171A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.44'),
    'WeChat 8 · Android',
  );
  assert.equal(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0'), 'Edge 131 · Windows');
  assert.equal(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'Firefox 128 · Linux');
  assert.equal(describeUserAgent(undefined), null);
  assert.equal(describeUserAgent('curl/8.5.0'), 'curl/8.5.0');
});
