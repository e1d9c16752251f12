// The committed self-signed test certificate (SAN localhost and 127.0.0.1, valid to 2126).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run-action.js';

export const CERT_PATH = path.join(REPO_ROOT, '__tests__/fixtures/selfsigned-cert.pem');
export const TLS = { cert: readFileSync(CERT_PATH), key: readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/selfsigned-key.pem')) };

/** A certificate for the same names that expired the day it was made (openssl x509 -days -1). */
export const EXPIRED_CERT_PATH = path.join(REPO_ROOT, '__tests__/fixtures/expired-cert.pem');
export const EXPIRED_TLS = { cert: readFileSync(EXPIRED_CERT_PATH), key: readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/expired-key.pem')) };
