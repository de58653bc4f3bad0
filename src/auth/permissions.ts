import { forbidden, unauthenticated } from '../errors.js';
import type { Role, Viewer } from '../directory/model.js';

export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (viewer === undefined) throw unauthenticated('请先登录', 'Sign in first');
  return viewer;
}

export function requireRole(viewer: Viewer | undefined, role: Role): Viewer {
  const signedIn = requireViewer(viewer);
  if (!signedIn.roles.includes(role)) {
    throw forbidden('您没有执行此操作的权限', 'You are not allowed to do this', { requiredRole: role });
  }
  return signedIn;
}
