import { generateSecrets } from '../../apps/api/src/config/start-up-secrets';

/**
 * Tests start the API as a service, never as the demo: it refuses to start without strong
 * secrets, so every test process gets its own fresh ones (kept if the environment sets them).
 */
for (const [setting, value] of Object.entries(generateSecrets())) {
  if (!process.env[setting]) process.env[setting] = value;
}
