import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 codes: SHA-1, 6 digits, 30-second steps (what authenticator apps expect). */
const PERIOD_SECONDS = 30;

function totpFor(secretBase32: string, label = 'Keystone') {
  return new TOTP({ issuer: 'Keystone', label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads, and the same as an SVG QR code. */
export async function enrolment(secretBase32: string, username: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpFor(secretBase32, username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qrSvg };
}

/**
 * Checks a code, allowing one step of clock drift either way, and returns the step it matched,
 * or undefined. The caller refuses a step at or before the last one accepted (no replay).
 */
export function matchTotp(secretBase32: string, code: string, now: number = Date.now()): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

export function currentTotp(secretBase32: string, now: number = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: now });
}
