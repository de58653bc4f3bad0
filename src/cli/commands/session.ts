import type { Command } from '../command.js';
import { usage } from '../io.js';

interface Me {
  username: string;
  displayName: string;
  region: string;
  roles: string[];
  agency: { id: string; name: string };
}

const ME = '{ username displayName region roles agency { id name } }';

export const sessionCommands: Record<string, Command> = {
  login: {
    summary: { zh: '登录并保存会话令牌', en: 'sign in and keep the session token' },
    usage: 'login USERNAME',
    options: {},
    async run(ctx, _, [username]) {
      if (username === undefined) throw usage('请给出用户名', 'Give a username');
      const password = ctx.env.TWINCITY_PASSWORD || (await ctx.prompter.ask(ctx.out.t(`${username} 的密码: `, `Password of ${username}: `), { secret: true }));
      if (password === undefined || password === '') throw usage('须输入密码', 'A password is required');
      const { login } = await ctx.api.call<{ login: { token: string; expiresAt: string; deviceToken: string; user: Me } }>(
        `mutation($u: String!, $p: String!, $d: String) { login(username: $u, password: $p, deviceToken: $d) { token expiresAt deviceToken user ${ME} } }`,
        { u: username, p: password, d: ctx.home.deviceToken(ctx.server, username) ?? null },
      );
      ctx.home.saveSession(ctx.server, { token: login.token, username: login.user.username, expiresAt: login.expiresAt });
      ctx.home.saveDeviceToken(ctx.server, login.user.username, login.deviceToken);
      if (ctx.out.json) return ctx.out.data({ username: login.user.username, expiresAt: login.expiresAt, server: ctx.server });
      ctx.out.line(
        ctx.out.t(
          `已登录为 ${login.user.displayName}（${login.user.agency.name}），会话至 ${login.expiresAt}`,
          `Signed in as ${login.user.displayName} (${login.user.agency.name}) until ${login.expiresAt}`,
        ),
      );
    },
  },
  whoami: {
    summary: { zh: '当前登录用户', en: 'who is signed in' },
    usage: 'whoami',
    options: {},
    async run(ctx) {
      const { me } = await ctx.call<{ me: Me }>(`{ me ${ME} }`);
      if (ctx.out.json) return ctx.out.data({ ...me, server: ctx.server, expiresAt: ctx.session().expiresAt });
      ctx.out.line(`${me.username}  ${me.displayName}  ${me.agency.name} (${me.agency.id}, ${me.region})  ${me.roles.join(', ')}`);
      ctx.out.line(ctx.out.t(`服务器 ${ctx.server}，会话至 ${ctx.session().expiresAt}`, `server ${ctx.server}, session until ${ctx.session().expiresAt}`));
    },
  },
  logout: {
    summary: { zh: '删除本机保存的会话', en: 'forget the session kept here' },
    usage: 'logout',
    options: {},
    run(ctx) {
      const had = ctx.home.forgetSession(ctx.server);
      if (ctx.out.json) return ctx.out.data({ signedOut: had });
      ctx.out.line(had ? ctx.out.t('已退出登录', 'Signed out') : ctx.out.t('本来就未登录', 'Was not signed in'));
    },
  },
};
