import pino from "pino";

/**
 * JSON logs to stdout. Fields that can carry secrets are redacted by name; operations never
 * log inputs of secret-bearing fields in the first place.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "baton" },
  redact: {
    paths: ["password", "*.password", "secret", "*.secret", "secrets", "*.secrets", "token", "*.token", "value", "*.value"],
    censor: "[redacted]",
  },
});

export type Logger = pino.Logger;
