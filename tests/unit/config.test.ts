import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has safe defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', host: '127.0.0.1', port: 4000, mongoUri: undefined, seedDemo: true });
    expect(config.jwt).toMatchObject({ ttlSeconds: 900, keysDir: undefined });
    expect(config.limits.introspection).toBe(true);
  });

  it('requires signing keys outside development and turns demo data and introspection off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_KEYS_DIR is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_KEYS_DIR: '/etc/twincity/keys' })).toThrow(/CHECKPOINT_KEY_FILE is required/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_KEYS_DIR: '/etc/twincity/keys', CHECKPOINT_KEY_FILE: '/etc/twincity/checkpoint.pem' });
    expect(config.seedDemo).toBe(false);
    expect(config.limits.introspection).toBe(false);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud', SEED_DEMO: 'maybe', DEMO_PASSWORD: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(5);
  });
});
