// A Redis URL split into what may be committed (config/config.json) and the password, which goes
// to the git-ignored .env only.

/** The URL without its password, and the password if there was one. */
export function splitRedisUrl(redisUrl: string): { url: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(redisUrl);
  } catch {
    return { url: redisUrl }; // the schema reports it, with the allowed form
  }
  if (parsed.password === '') return { url: redisUrl };
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    url: parsed
      .toString()
      .replace(/\/$/, '')
      .replace(/^(rediss?:\/\/)@/, '$1'),
    password,
  };
}
