import { hashPassword } from '../auth/passwords.js';
import { AppError } from '../errors.js';
import type { DirectoryStore } from '../store/directory-store.js';
import { DuplicateError } from '../store/directory-store.js';
import type { Role } from './model.js';
import type { Agency } from '../store/records.js';
import type { DirectoryService } from './service.js';

/** Reference data: real agencies of both cities named in the pilot-zone announcement, and the joint office. */
export const seedAgencies: Omit<Agency, 'createdAt'>[] = [
  { id: 'CQ-DRC', name: '重庆市发展和改革委员会', nameEn: 'Chongqing Development and Reform Commission', region: 'CHONGQING' },
  { id: 'CQ-BDB', name: '重庆市大数据应用发展管理局', nameEn: 'Chongqing Big Data Application and Development Administration', region: 'CHONGQING' },
  { id: 'CQ-LIANGJIANG', name: '两江新区管委会', nameEn: 'Liangjiang New Area Administrative Committee', region: 'CHONGQING' },
  { id: 'CQ-HITECH', name: '重庆高新区管委会', nameEn: 'Chongqing High-tech Zone Administrative Committee', region: 'CHONGQING' },
  { id: 'CQ-ETDZ', name: '重庆经开区管委会', nameEn: 'Chongqing Economic and Technological Development Zone Administrative Committee', region: 'CHONGQING' },
  { id: 'CD-DRC', name: '成都市发展和改革委员会', nameEn: 'Chengdu Development and Reform Commission', region: 'CHENGDU' },
  { id: 'CD-ONLINE-GOV', name: '成都市网络理政办公室', nameEn: 'Chengdu Online Governance Office', region: 'CHENGDU' },
  { id: 'CD-TIANFU', name: '四川天府新区成都管委会', nameEn: 'Sichuan Tianfu New Area Chengdu Administrative Committee', region: 'CHENGDU' },
  { id: 'CD-HITECH', name: '成都高新区管委会', nameEn: 'Chengdu High-tech Zone Administrative Committee', region: 'CHENGDU' },
  { id: 'JOINT-OFFICE', name: '成渝地区双城经济圈建设联合办公室', nameEn: 'Joint Office for the Chengdu–Chongqing Twin-City Economic Circle', region: 'JOINT' },
];

/** The demo users of DESIGN §10. */
export const demoUsers: { username: string; displayName: string; agencyId: string; roles: Role[] }[] = [
  { username: 'cq.drafter', displayName: '李明（重庆起草人）', agencyId: 'CQ-BDB', roles: ['DRAFTER'] },
  { username: 'cq.reviewer', displayName: '王芳（重庆审核人）', agencyId: 'CQ-BDB', roles: ['REVIEWER'] },
  { username: 'cq.signatory', displayName: '张伟（重庆签署人）', agencyId: 'CQ-BDB', roles: ['SIGNATORY'] },
  { username: 'cd.drafter', displayName: '刘洋（成都起草人）', agencyId: 'CD-ONLINE-GOV', roles: ['DRAFTER'] },
  { username: 'cd.reviewer', displayName: '陈静（成都审核人）', agencyId: 'CD-ONLINE-GOV', roles: ['REVIEWER'] },
  { username: 'cd.signatory', displayName: '杨帆（成都签署人）', agencyId: 'CD-ONLINE-GOV', roles: ['SIGNATORY'] },
  { username: 'joint.coordinator', displayName: '赵磊（联合办公室协调人）', agencyId: 'JOINT-OFFICE', roles: ['COORDINATOR'] },
  { username: 'auditor', displayName: '周敏（审计）', agencyId: 'JOINT-OFFICE', roles: ['AUDITOR'] },
  { username: 'admin', displayName: '系统管理员', agencyId: 'JOINT-OFFICE', roles: ['ADMIN'] },
];

const ignoreDuplicate = (error: unknown): void => {
  if (!(error instanceof DuplicateError)) throw error;
};

/** Idempotent: safe on every start and from several processes at once; existing records are left as they are. */
export async function seedDirectory(store: DirectoryStore, directory: DirectoryService, demo: { enabled: boolean; password: string }): Promise<void> {
  const createdAt = new Date();
  for (const agency of seedAgencies) await store.insertAgency({ ...agency, createdAt }).catch(ignoreDuplicate);
  if (!demo.enabled) return;
  let passwordHash: Promise<string> | undefined;
  for (const user of demoUsers) {
    if ((await store.userByUsername(user.username)) !== undefined) continue;
    passwordHash ??= hashPassword(demo.password);
    await directory.addUser({ ...user, password: demo.password }, passwordHash).catch((error: unknown) => {
      // Another process seeding at the same moment won the unique username index.
      if (!(error instanceof AppError && error.details?.field === 'username')) throw error;
    });
  }
}
