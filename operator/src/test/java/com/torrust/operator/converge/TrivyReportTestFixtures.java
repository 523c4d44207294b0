package com.torrust.operator.converge;

/** Trivy reports as its documentation shows them, shared by the unit test and the sandbox test. */
public final class TrivyReportTestFixtures {

  private TrivyReportTestFixtures() {}

  /** One vulnerability of each severity but HIGH (two), and results without any. */
  public static final String EVERY_SEVERITY = """
      {
        "SchemaVersion": 2,
        "CreatedAt": "2026-11-30T10:00:00Z",
        "ArtifactName": "torrust/tracker:v3.0.0",
        "ArtifactType": "container_image",
        "Metadata": {"OS": {"Family": "debian", "Name": "12.8"}},
        "Results": [
          {"Target": "torrust/tracker:v3.0.0 (debian 12.8)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": [
            {"VulnerabilityID": "CVE-2026-0001", "PkgName": "libc6", "InstalledVersion": "2.36-9", "Severity": "CRITICAL",
             "SeveritySource": "debian", "VendorSeverity": {"nvd": 4}, "Title": "a \\"Severity\\": \\"LOW\\" in a title"},
            {"VulnerabilityID": "CVE-2026-0002", "PkgName": "openssl", "Severity": "HIGH"},
            {"VulnerabilityID": "CVE-2026-0003", "PkgName": "openssl", "Severity": "HIGH"},
            {"VulnerabilityID": "CVE-2026-0004", "PkgName": "zlib1g", "Severity": "MEDIUM"},
            {"VulnerabilityID": "CVE-2026-0005", "PkgName": "tar", "Severity": "LOW"},
            {"VulnerabilityID": "CVE-2026-0006", "PkgName": "bash", "Severity": "UNKNOWN"}
          ]},
          {"Target": "usr/bin/torrust-tracker", "Class": "lang-pkgs", "Type": "rustbinary", "Vulnerabilities": null},
          {"Target": "Cargo.lock", "Class": "lang-pkgs", "Type": "cargo"}
        ]
      }
      """;
}
