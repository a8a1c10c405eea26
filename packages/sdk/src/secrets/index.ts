export { censorSecretsInText, censorSecretText, looksSecretKey, SECRET_KEY_FRAGMENTS } from './secret-text.js';
