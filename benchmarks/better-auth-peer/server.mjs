// Better Auth as a benchmark peer of the sample app: the same options (rate limits, sessions kept in the
// database and in Redis secondary storage through @better-auth/redis-storage), on the same Redis.
// Env: PORT (default 3005), REDIS_URL (default redis://127.0.0.1:6379), BETTER_AUTH_SECRET (32+ chars),
// COOKIE_CACHE=1 for session.cookieCache { enabled, maxAge 300 }; GLOBAL_MAX (default 100, the article's) is the
// global rule's max per 60 s (the benchmark raises it so that get-session is counted but never refused). The primary database is Better Auth's
// in-memory adapter (Node 20 has no built-in SQLite; get-session reads secondary storage either way).
// Prints "ready <port>" once a seed user (bench@example.com / bench-password-1) exists.
import http from "node:http";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { toNodeHandler } from "better-auth/node";
import { redisStorage } from "@better-auth/redis-storage";
import { Redis } from "ioredis";

const port = Number(process.env.PORT ?? 3005);
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const db = { user: [], session: [], account: [], verification: [] };

export const auth = betterAuth({
  baseURL: `http://127.0.0.1:${port}`,
  basePath: "/api/auth",
  secret: process.env.BETTER_AUTH_SECRET ?? "better-auth-peer-secret-of-32-characters",
  database: memoryAdapter(db),
  secondaryStorage: redisStorage({ client: redis }),
  emailAndPassword: { enabled: true },
  session: {
    storeSessionInDatabase: true,
    preserveSessionInDatabase: true,
    cookieCache: { enabled: process.env.COOKIE_CACHE === "1", maxAge: 300, strategy: "compact" },
  },
  rateLimit: {
    enabled: true, window: 60, max: Number(process.env.GLOBAL_MAX ?? 100), storage: "secondary-storage",
    customRules: {
      "/sign-in/email": { window: 60, max: 5 },
      "/sign-up/email": { window: 60, max: 5 },
      "/forget-password": { window: 60, max: 3 },
      "/email-otp/*": { window: 60, max: 5 },
    },
  },
  advanced: { ipAddress: { ipAddressHeaders: ["x-forwarded-for"] } },
});

await auth.api.signUpEmail({
  body: { email: "bench@example.com", password: "bench-password-1", name: "Bench" },
}).catch(() => {}); // already there
http.createServer(toNodeHandler(auth)).listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
