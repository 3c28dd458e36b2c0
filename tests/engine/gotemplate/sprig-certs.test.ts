/**
 * Sprig's certificate functions. Generated certificates parse with node's X509Certificate,
 * verify against their CA, carry the asked-for CN, SANs, CA flag and validity, belong to
 * their keys — and real Go reads them back (buildCustomCert runs Go's x509 parser), signs
 * with them and they sign with Go's; errors and the certificate struct print like Go's.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Oracle, type OracleRequest, buildOracle, goAvailable } from "@/tools/gotemplate-oracle/client";
import { differencesFromGo, renderOurs } from "./harness";

const NOW = 1796593540123; // 2026-12-06T21:45:40Z

function ours(template: string, data: Record<string, unknown> = {}): string {
  const out = renderOurs({ name: "t", template, data: JSON.stringify(data), format: "json", nowMillis: NOW });
  if (!out.ok) throw new Error(out.error);
  return out.output;
}

function pair(template: string, data: Record<string, unknown> = {}): { cert: X509Certificate; certPem: string; keyPem: string } {
  const json = JSON.parse(ours(`{{ ${template} | toJson }}`, data)) as { Cert: string; Key: string };
  return { cert: new X509Certificate(json.Cert), certPem: json.Cert, keyPem: json.Key };
}

describe("certificates by properties", () => {
  it("makes a CA whose certificate and key belong together, valid from now for the asked days", () => {
    const { cert, keyPem } = pair('genCA "Baton Test CA" 365');
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe("CN=Baton Test CA");
    expect(cert.issuer).toBe("CN=Baton Test CA");
    expect(new Date(cert.validFrom).toISOString()).toBe("2026-12-06T21:45:40.000Z");
    expect(new Date(cert.validTo).toISOString()).toBe("2027-12-06T21:45:40.000Z");
    expect(keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = createPrivateKey(keyPem);
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.keyUsage ?? []).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]));
  });

  it("signs server certificates with the CA: SANs, CN, not a CA, verifiable and issued by it (key ids included)", () => {
    const out = JSON.parse(
      ours('{{ $ca := genCA "ca" 10 }}{{ $c := genSignedCert "api.internal" (list "10.0.0.7" "::1" "::ffff:1.2.3.4") (list "api.internal" "api") 30 $ca }}{{ dict "ca" $ca.Cert "cert" $c.Cert "key" $c.Key | toJson }}'),
    ) as Record<string, string>;
    const ca = new X509Certificate(out.ca);
    const cert = new X509Certificate(out.cert);
    expect(cert.subject).toBe("CN=api.internal");
    expect(cert.issuer).toBe("CN=ca");
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe("DNS:api.internal, DNS:api, IP Address:10.0.0.7, IP Address:0:0:0:0:0:0:0:1, IP Address:1.2.3.4");
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(out.key))).toBe(true);
    expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(30 * 86400 * 1000);
  });

  it("uses given keys of every signing type and re-encodes them as Go does", () => {
    for (const type of ["ecdsa", "ed25519", "rsa"]) {
      const out = JSON.parse(
        ours(`{{ $k := genPrivateKey "${type}" }}{{ $ca := genCAWithKey "ca" 5 $k }}{{ $c := genSignedCertWithKey "leaf" nil nil 5 $ca $k }}{{ $s := genSelfSignedCertWithKey "self" nil (list "self.local") 5 $k }}{{ dict "ca" $ca.Cert "c" $c.Cert "s" $s.Cert "k" $c.Key "given" $k | toJson }}`),
      ) as Record<string, string>;
      const ca = new X509Certificate(out.ca);
      expect(new X509Certificate(out.c).verify(ca.publicKey)).toBe(true);
      const self = new X509Certificate(out.s);
      expect(self.verify(self.publicKey)).toBe(true);
      expect(self.subjectAltName).toBe("DNS:self.local");
      expect(out.k).toBe(out.given);
    }
  }, 60_000);
});

const haveGo = goAvailable();
if (!haveGo) console.warn("sprig certificate differential test skipped: `go` is not installed");

describe.skipIf(!haveGo)("certificates against real Go", () => {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());
  const req = (template: string, data: Record<string, unknown> = {}): OracleRequest => ({ name: "t", template, data: JSON.stringify(data), format: "json" });

  it("Go's x509 parses what Baton generates, and Baton signs with a CA Go generated", async () => {
    const ca = pair('genCA "ours" 30');
    const leaf = pair('genSignedCert "leaf" (list "127.0.0.1") (list "leaf.local") 30 (genCA "x" 1)');
    const [goReads, goSigns, goCa, goReadsLeaf] = await oracle.renderMany([
      req("{{ $c := buildCustomCert (b64enc .cert) (b64enc .key) }}{{ eq $c.Cert .cert }} {{ eq $c.Key .key }}", { cert: ca.certPem, key: ca.keyPem }),
      req('{{ $c := genSignedCert "from-go" nil nil 3 (buildCustomCert (b64enc .cert) (b64enc .key)) }}{{ $c.Cert }}', { cert: ca.certPem, key: ca.keyPem }),
      req('{{ genCA "go-ca" 3 | toJson }}'),
      req("{{ $c := buildCustomCert (b64enc .cert) (b64enc .key) }}ok", { cert: leaf.certPem, key: leaf.keyPem }),
    ]);
    expect(goReads).toMatchObject({ ok: true, output: "true true" });
    expect(goReadsLeaf).toMatchObject({ ok: true, output: "ok" });
    expect(new X509Certificate(goSigns.output).verify(ca.cert.publicKey)).toBe(true);
    const fromGo = JSON.parse(goCa.output) as { Cert: string; Key: string };
    const signed = pair("genSignedCert \"by-go-ca\" nil nil 3 (buildCustomCert (b64enc .cert) (b64enc .key))", { cert: fromGo.Cert, key: fromGo.Key });
    expect(signed.cert.verify(new X509Certificate(fromGo.Cert).publicKey)).toBe(true);
    expect(signed.cert.issuer).toBe("CN=go-ca");
  }, 60_000);

  it("fails and prints like Go", async () => {
    const ca = pair('genCA "ca" 1');
    const requests = [
      req('{{ genSelfSignedCert "x" (list 1) nil 1 }}'),
      req('{{ genSelfSignedCert "x" (list "not-an-ip") nil 1 }}'),
      req('{{ genSelfSignedCert "x" nil (list 5) 1 }}'),
      req('{{ buildCustomCert "!!" "eA==" }}'),
      req('{{ buildCustomCert "eA==" "!!" }}'),
      req('{{ buildCustomCert (b64enc "no pem") (b64enc "k") }}'),
      req('{{ genCAWithKey "x" 1 "nope" }}'),
      req('{{ genCAWithKey "x" 1 "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }}'),
      req('{{ genSignedCert "x" nil nil 1 "not a certificate" }}'),
      req('{{ $c := buildCustomCert (b64enc .cert) (b64enc .key) }}{{ printf "%T %v" $c $c }} {{ toJson $c }} {{ kindOf $c }}', { cert: ca.certPem, key: ca.keyPem }),
    ];
    expect(await differencesFromGo(oracle, requests)).toEqual([]);
  }, 60_000);
});
