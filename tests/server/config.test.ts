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

  it("needs the OIDC variables together", () => {
    expect(() => parseConfig({ BATON_OIDC_ISSUER: "https://idp.example.com" })).toThrowError("BATON_OIDC_ISSUER: set BATON_OIDC_ISSUER, BATON_OIDC_CLIENT_ID and BATON_OIDC_CLIENT_SECRET together");
  });
});
