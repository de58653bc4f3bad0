import { randomUUID } from 'node:crypto';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from '../auth/passwords.js';
import { requireRole, requireViewer } from '../auth/permissions.js';
import type { IssuedToken, TokenService } from '../auth/tokens.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { badInput, notFound, rateLimited, unauthenticated } from '../errors.js';
import { DuplicateError, type DirectoryStore } from '../store/directory-store.js';
import type { Region, Role, Viewer } from './model.js';
import type { Agency, Page, User } from '../store/records.js';
import {
  checkAgencyId,
  checkFirst,
  checkName,
  checkPassword,
  checkRolesForRegion,
  checkStrongPassword,
  checkUnicode,
  checkUsername,
  roleConflict,
} from './validation.js';

export interface NewAgency {
  id: string;
  name: string;
  nameEn?: string | null;
  region: Region;
}

export interface NewUser {
  username: string;
  displayName: string;
  agencyId: string;
  roles: readonly Role[];
  password: string;
}

export interface LoginResult extends IssuedToken {
  user: User;
  deviceToken: string;
}

const userNotFound = () => notFound('找不到该用户', 'User not found');

/** Agencies, users and sign-in. */
export class DirectoryService {
  // Agencies are never edited once created, so a cached one is never stale.
  private readonly agencyCache = new Map<string, Agency>();

  constructor(
    private readonly store: DirectoryStore,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * A token for a username and password. Guessing is slowed per account (login-throttle.ts): a locked account is
   * answered RATE_LIMITED with the wait, its password unchecked; a device token from an earlier sign-in to the
   * account is counted apart. Every failure is the same UNAUTHENTICATED, an unknown user, a wrong password and a
   * disabled account alike, so that the answer confirms neither the name nor the password.
   */
  async login(username: string, password: string, deviceToken?: string): Promise<LoginResult> {
    checkUnicode('password', password, 'secret');
    const user = /^[a-z0-9][a-z0-9._-]{2,39}$/.test(username) ? await this.store.userByUsername(username) : undefined;
    const device = user === undefined || deviceToken === undefined ? undefined : this.tokens.deviceOf(deviceToken, user.id);
    const key = device === undefined ? `account:${username}` : `device:${device}`;
    const verdict = await this.throttle.begin(key);
    if (!verdict.allowed) {
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      throw rateLimited(`登录尝试过多，请 ${seconds} 秒后再试`, `Too many sign-in attempts: try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
    let valid = false;
    try {
      valid = user === undefined ? await verifyAgainstDecoy(password) : await verifyPassword(password, user.passwordHash);
    } finally {
      this.throttle.settle(key, valid && user?.disabled === false);
    }
    if (user === undefined || !valid || user.disabled)
      throw unauthenticated('用户名或密码错误，或账户已停用', 'Wrong username or password, or the account is disabled');
    return { ...this.tokens.issue(user.id, user.disablings ?? 0), deviceToken: this.tokens.issueDevice(user.id, device ?? randomUUID()), user };
  }

  /**
   * Resolves a verified token's subject on every request: a disabled user is refused at once, and so is a token issued
   * before the account was last disabled.
   */
  async viewerFor(token: string): Promise<Viewer> {
    const { subject, disablings } = this.tokens.verify(token);
    const user = await this.store.userById(subject);
    if (user === undefined || user.disabled || disablings !== (user.disablings ?? 0)) {
      throw unauthenticated('令牌无效或已过期，请重新登录', 'Invalid or expired token: sign in again');
    }
    const agency = await this.agency(user.agencyId);
    return { userId: user.id, username: user.username, agencyId: user.agencyId, region: agency.region, roles: user.roles };
  }

  async me(viewer: Viewer | undefined): Promise<User> {
    const user = await this.store.userById(requireViewer(viewer).userId);
    if (user === undefined) throw userNotFound();
    return user;
  }

  /** A user by id, for the services that name users (quorums, signatures); undefined when unknown. */
  userById(id: string): Promise<User | undefined> {
    return /^[0-9a-f-]{36}$/.test(id) ? this.store.userById(id) : Promise.resolve(undefined);
  }

  /** How many enabled signatories the agency has: what a signing quorum that names nobody can draw on. */
  signatoriesOf(agencyId: string): Promise<number> {
    return this.store.countWithRole(agencyId, 'SIGNATORY');
  }

  async agency(id: string): Promise<Agency> {
    const cached = this.agencyCache.get(id);
    if (cached !== undefined) return cached;
    const agency = await this.store.agency(id);
    if (agency === undefined) throw notFound('找不到该机构', 'Agency not found', { agencyId: id });
    this.agencyCache.set(id, agency);
    return agency;
  }

  agencies(viewer: Viewer | undefined, region: Region | undefined, after: string | undefined, first: number): Promise<Page<Agency>> {
    requireViewer(viewer);
    return this.store.agencies(region, after, checkFirst(first));
  }

  users(viewer: Viewer | undefined, agencyId: string | undefined, after: string | undefined, first: number): Promise<Page<User>> {
    requireRole(viewer, 'ADMIN');
    return this.store.users(agencyId === undefined ? undefined : checkAgencyId(agencyId), after, checkFirst(first));
  }

  async createAgency(viewer: Viewer | undefined, input: NewAgency): Promise<Agency> {
    requireRole(viewer, 'ADMIN');
    // There is one joint office, whose coordinators, auditors and administrators see every case.
    if (input.region === 'JOINT')
      throw badInput('联合办公室只有一个，不能新建联合办公室机构', 'There is one joint office: no other agency may be created in it', { field: 'region' });
    const agency: Agency = {
      id: checkAgencyId(input.id),
      name: checkName('name', input.name),
      region: input.region,
      createdAt: new Date(),
    };
    if (input.nameEn != null) agency.nameEn = checkName('nameEn', input.nameEn);
    try {
      await this.store.insertAgency(agency);
    } catch (error) {
      if (error instanceof DuplicateError) throw badInput('该机构代码已存在', 'An agency with this id exists', { field: 'id' });
      throw error;
    }
    return agency;
  }

  async createUser(viewer: Viewer | undefined, input: NewUser): Promise<User> {
    requireRole(viewer, 'ADMIN');
    const agency = await this.agency(checkAgencyId(input.agencyId));
    checkStrongPassword(input.password, [input.username, input.displayName, agency.id, agency.name, agency.nameEn ?? '']);
    return this.addUser(input);
  }

  /**
   * Also used by the demo seed (whose password the operator chooses), which runs before anyone can sign in, and
   * gives every demo user the one `passwordHash` of that password (hashPassword), made once: a hash costs about a
   * tenth of a second of CPU and each of many server starts of the test suite seeds nine users.
   */
  async addUser(input: NewUser, passwordHash?: Promise<string>): Promise<User> {
    const username = checkUsername(input.username);
    const displayName = checkName('displayName', input.displayName);
    const password = checkPassword(input.password);
    const agency = await this.agency(checkAgencyId(input.agencyId));
    const now = new Date();
    const user: User = {
      id: randomUUID(),
      username,
      displayName,
      agencyId: agency.id,
      roles: checkRolesForRegion(input.roles, agency.region),
      passwordHash: await (passwordHash ?? hashPassword(password)),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.insertUser(user);
    } catch (error) {
      if (error instanceof DuplicateError) throw badInput('该用户名已被使用', 'This username is taken', { field: 'username' });
      throw error;
    }
    return user;
  }

  /**
   * Users whose roles break the separation of duties (validation.ts), each with the problem: records written before
   * the rule, or by hand. Read at start, so that an operator is told.
   */
  async roleConflicts(): Promise<{ username: string; problem: string }[]> {
    const found: { username: string; problem: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.users(undefined, after, 200);
      for (const user of page.items) {
        const conflict = roleConflict(user.roles, (await this.agency(user.agencyId)).region);
        if (conflict !== undefined) found.push({ username: user.username, problem: conflict.en });
      }
      if (!page.hasNextPage) return found;
      after = page.items.at(-1)?.username;
    }
  }

  async setUserRoles(viewer: Viewer | undefined, userId: string, assigned: readonly Role[]): Promise<User> {
    const admin = requireRole(viewer, 'ADMIN');
    const user = await this.existingUser(userId);
    // An administrator neither removes their own role nor gives themselves another: roles are given by someone else.
    if (user.id === admin.userId) throw badInput('不能更改自己的角色', 'You cannot change your own roles', { field: 'roles' });
    const roles = checkRolesForRegion(assigned, (await this.agency(user.agencyId)).region);
    return this.update(user.id, { roles });
  }

  async setDisabled(viewer: Viewer | undefined, userId: string, disabled: boolean): Promise<User> {
    const admin = requireRole(viewer, 'ADMIN');
    const user = await this.existingUser(userId);
    if (disabled && user.id === admin.userId) {
      throw badInput('不能停用自己的账户', 'You cannot disable your own account', { field: 'userId' });
    }
    // Every token issued so far stops for good: enabling the account again asks its user to sign in again.
    return this.update(user.id, disabled ? { disabled, disablings: (user.disablings ?? 0) + 1 } : { disabled });
  }

  private async existingUser(userId: string): Promise<User> {
    const user = await this.userById(userId);
    if (user === undefined) throw userNotFound();
    return user;
  }

  private async update(userId: string, set: Partial<Pick<User, 'roles' | 'disabled' | 'disablings'>>): Promise<User> {
    const user = await this.store.updateUser(userId, set);
    if (user === undefined) throw userNotFound();
    return user;
  }
}
