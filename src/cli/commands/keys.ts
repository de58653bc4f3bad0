import { signatureAlgorithms, type SignatureAlgorithm } from '../../crypto/signatures.js';
import { str, type Command } from '../command.js';
import { CliError, exitCodes, usage } from '../io.js';
import { generateKey, seal } from '../vault.js';

interface ServerKey {
  id: string;
  algorithm: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

const keyArgument = (id: string | undefined): string => {
  if (id === undefined || !/^[0-9a-f]{64}$/.test(id)) throw usage('请给出密钥编号（64 位十六进制）', 'Give a key id (64 hex digits)');
  return id;
};

export const keyCommands: Record<string, Command> = {
  'keys generate': {
    summary: { zh: '在本机生成签名密钥，私钥以口令加密保存', en: 'make a signing key here; the private half is sealed with a passphrase' },
    usage: 'keys generate [--algorithm ED25519|SM2]',
    options: { algorithm: { type: 'string', default: 'ED25519' } },
    async run(ctx, values) {
      const algorithm = str(values, 'algorithm')?.toUpperCase() as SignatureAlgorithm;
      if (!signatureAlgorithms.includes(algorithm)) throw usage('算法须为 ED25519 或 SM2', 'The algorithm is ED25519 or SM2');
      const passphrase = await ctx.passphrase({ zh: '为私钥设定口令', en: 'Passphrase to seal the private key' });
      if (ctx.env.TWINCITY_PASSPHRASE === undefined || ctx.env.TWINCITY_PASSPHRASE === '') {
        const again = await ctx.prompter.ask(ctx.out.t('再输入一次: ', 'Again: '), { secret: true });
        if (again !== passphrase) throw usage('两次输入的口令不一致', 'The passphrases differ');
      }
      if ([...passphrase].length < 8) throw usage('口令至少 8 个字符', 'A passphrase has at least 8 characters');
      const { key, secret } = generateKey(algorithm);
      const file = ctx.home.saveKey(seal(key, secret, passphrase));
      if (ctx.out.json) return ctx.out.data({ id: key.id, algorithm, publicKey: key.publicKey, file });
      ctx.out.line(ctx.out.t(`已生成 ${algorithm} 密钥 ${key.id}`, `Made ${algorithm} key ${key.id}`));
      ctx.out.line(
        ctx.out.t(
          `私钥已加密保存于 ${file}；用 twincity keys register ${key.id.slice(0, 12)}… 登记公钥`,
          `The sealed private key is in ${file}; register the public key with twincity keys register ${key.id}`,
        ),
      );
    },
  },
  'keys register': {
    summary: { zh: '向服务器登记本机密钥的公钥', en: 'register a local key’s public half with the server' },
    usage: 'keys register KEY_ID [--label TEXT]',
    options: { label: { type: 'string' } },
    async run(ctx, values, [id]) {
      const sealed = ctx.home.key(keyArgument(id));
      if (sealed === undefined) throw new CliError('KEY_MISSING', exitCodes.key, { zh: `本机没有密钥 ${id}`, en: `No key ${id} on this machine` });
      const label = str(values, 'label') ?? `${ctx.session().username} ${sealed.algorithm}`;
      const { registerSigningKey } = await ctx.call<{ registerSigningKey: ServerKey }>(
        'mutation($a: SignatureAlgorithm!, $k: String!, $l: String!) { registerSigningKey(algorithm: $a, publicKey: $k, label: $l) { id algorithm label createdAt revokedAt } }',
        { a: sealed.algorithm, k: sealed.publicKey, l: label },
      );
      if (ctx.out.json) return ctx.out.data(registerSigningKey);
      ctx.out.line(
        ctx.out.t(
          `已登记 ${registerSigningKey.algorithm} 公钥 ${registerSigningKey.id}`,
          `Registered ${registerSigningKey.algorithm} key ${registerSigningKey.id}`,
        ),
      );
    },
  },
  'keys list': {
    summary: { zh: '本机密钥及其在服务器上的状态', en: 'keys on this machine and as the server has them' },
    usage: 'keys list',
    options: {},
    async run(ctx) {
      const { mySigningKeys } = await ctx.call<{ mySigningKeys: ServerKey[] }>('{ mySigningKeys { id algorithm label createdAt revokedAt } }');
      const local = ctx.home.keys();
      const ids = [...new Set([...local.map((key) => key.id), ...mySigningKeys.map((key) => key.id)])];
      const rows = ids.map((id) => {
        const server = mySigningKeys.find((key) => key.id === id);
        const here = local.find((key) => key.id === id);
        const status = server === undefined ? 'UNREGISTERED' : server.revokedAt === null ? 'ACTIVE' : 'REVOKED';
        return { id, algorithm: server?.algorithm ?? here?.algorithm ?? '', label: server?.label ?? '', status, local: here !== undefined };
      });
      if (ctx.out.json) return ctx.out.data(rows);
      ctx.out.table(
        [
          ctx.out.t('密钥', 'key'),
          ctx.out.t('算法', 'algorithm'),
          ctx.out.t('状态', 'status'),
          ctx.out.t('本机私钥', 'private key here'),
          ctx.out.t('标签', 'label'),
        ],
        rows.map((row) => [row.id.slice(0, 16), row.algorithm, row.status, row.local ? ctx.out.t('有', 'yes') : ctx.out.t('无', 'no'), row.label]),
      );
    },
  },
  'keys revoke': {
    summary: { zh: '撤销密钥：此前的签名仍然有效，此后的签名被拒绝', en: 'revoke a key: earlier signatures stay valid, later ones are refused' },
    usage: 'keys revoke KEY_ID',
    options: {},
    async run(ctx, _, [id]) {
      const { revokeSigningKey } = await ctx.call<{ revokeSigningKey: ServerKey }>(
        'mutation($k: ID!) { revokeSigningKey(keyId: $k) { id algorithm label createdAt revokedAt } }',
        { k: keyArgument(id) },
      );
      if (ctx.out.json) return ctx.out.data(revokeSigningKey);
      ctx.out.line(
        ctx.out.t(
          `已撤销 ${revokeSigningKey.id}（${revokeSigningKey.revokedAt ?? ''}）`,
          `Revoked ${revokeSigningKey.id} at ${revokeSigningKey.revokedAt ?? ''}`,
        ),
      );
    },
  },
};
