import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/server/config";

describe("configuration", () => {
  it("has embedded defaults", () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(3000);
    expect(cfg.BATON_ORG_ID).toBe("default");
    expect(cfg.dataDir.endsWith("/data")).toBe(true);
    expect(cfg.databaseFile.endsWith("/data/baton.db")).toBe(true);
  });

  it("names every bad variable", () => {
    let message = "";
    try {
      parseConfig({ PORT: "http", BATON_ORG_ID: "Bad Org", BATON_SECRET_KEY: "short" });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain("PORT: must be a port number (1–65535)");
    expect(message).toContain("BATON_ORG_ID: must be lowercase");
    expect(message).toContain("BATON_SECRET_KEY: must be 32 bytes");
  });

  it("needs a shared secret key with PostgreSQL", () => {
    expect(() => parseConfig({ BATON_DATABASE_URL: "postgres://baton@db.internal:5432/baton" })).toThrowError(/BATON_SECRET_KEY: is required with BATON_DATABASE_URL: every replica must share the key/);
    expect(parseConfig({ BATON_DATABASE_URL: "postgres://baton@db.internal:5432/baton", BATON_SECRET_KEY: "ab".repeat(32) }).BATON_DATABASE_URL).toBe("postgres://baton@db.internal:5432/baton");
  });

  it("takes webhook hosts without scheme, port or path", () => {
    expect(parseConfig({ BATON_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1, [::1],hooks.internal" }).BATON_WEBHOOK_ALLOWED_HOSTS).toBe("127.0.0.1, [::1],hooks.internal");
    expect(() => parseConfig({ BATON_WEBHOOK_ALLOWED_HOSTS: "http://hooks.internal:8080" })).toThrowError(/BATON_WEBHOOK_ALLOWED_HOSTS: must be host names or IP addresses separated by commas/);
  });

  it("needs the OIDC variables together", () => {
    expect(() => parseConfig({ BATON_OIDC_ISSUER: "https://idp.example.com" })).toThrowError("BATON_OIDC_ISSUER: set BATON_OIDC_ISSUER, BATON_OIDC_CLIENT_ID and BATON_OIDC_CLIENT_SECRET together");
  });
});
