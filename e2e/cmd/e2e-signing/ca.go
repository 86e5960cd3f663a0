package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"strings"
	"time"
)

// Fulcio's certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md).
// cosign 3.1.3 reads the issuer through sigstore-go's certificate summary, which accepts both
// the deprecated raw-string 1.1 and the DER UTF8String 1.8; Fulcio writes both, so do we.
var (
	oidIssuerV1            = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 1}
	oidGitHubTrigger       = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 2}
	oidGitHubRepository    = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 5}
	oidGitHubRef           = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 6}
	oidIssuerV2            = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 8}
	oidBuildSignerURI      = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 9}
	oidRunnerEnvironment   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 11}
	oidSourceRepositoryURI = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 12}
	oidSourceRepositoryRef = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 14}
	oidBuildTrigger        = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 57264, 1, 20}
)

// caURI names the test CA in trusted_root.json. It is never contacted: verification only reads
// the certificates, and nothing signs through it (the leaves are issued here, not by a Fulcio).
const caURI = "https://fulcio.container-gate-e2e.invalid"

// testCA is a root and an intermediate, as Fulcio's public chain is.
type testCA struct {
	root, intermediate       *x509.Certificate
	rootKey, intermediateKey *ecdsa.PrivateKey
	notBefore, notAfter      time.Time
}

// newTestCA makes a CA valid from an hour ago for a week: long enough for any run of the suite
// (cosign checks certificates against the current time when there is no transparency log entry
// and no signed timestamp), short enough that a leaked run folder is worthless soon.
func newTestCA(now time.Time) (*testCA, error) {
	ca := &testCA{notBefore: now.Add(-time.Hour), notAfter: now.Add(7 * 24 * time.Hour)}
	var err error
	if ca.rootKey, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
		return nil, err
	}
	if ca.intermediateKey, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
		return nil, err
	}
	rootTemplate := caTemplate("container-gate e2e root", ca.notBefore, ca.notAfter, 1)
	rootTemplate.SubjectKeyId = keyID(ca.rootKey.Public())
	if ca.root, err = issue(rootTemplate, rootTemplate, ca.rootKey.Public(), ca.rootKey); err != nil {
		return nil, fmt.Errorf("root: %w", err)
	}
	intermediateTemplate := caTemplate("container-gate e2e intermediate", ca.notBefore, ca.notAfter, 0)
	intermediateTemplate.SubjectKeyId = keyID(ca.intermediateKey.Public())
	if ca.intermediate, err = issue(intermediateTemplate, ca.root, ca.intermediateKey.Public(), ca.rootKey); err != nil {
		return nil, fmt.Errorf("intermediate: %w", err)
	}
	return ca, nil
}

func caTemplate(commonName string, notBefore, notAfter time.Time, maxPathLen int) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{Organization: []string{"container-gate e2e"}, CommonName: commonName},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            maxPathLen,
		MaxPathLenZero:        maxPathLen == 0,
	}
}

// identity is who a keyless signature claims to be: the certificate's SAN (a URI for a workflow,
// an e-mail address for a service account) and the OIDC issuer that vouched for it.
type identity struct {
	SAN    string `json:"identity"`
	Issuer string `json:"issuer"`
}

// issueLeaf issues a Fulcio-shaped code-signing certificate for pub: empty subject, the identity
// as the only (critical) SAN, the issuer in both extensions, and for GitHub workflow identities
// the workflow claims Fulcio copies from the token.
func (ca *testCA) issueLeaf(pub crypto.PublicKey, id identity) (*x509.Certificate, error) {
	template := &x509.Certificate{
		SerialNumber:   randomSerial(),
		NotBefore:      ca.notBefore,
		NotAfter:       ca.notAfter,
		KeyUsage:       x509.KeyUsageDigitalSignature,
		ExtKeyUsage:    []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		SubjectKeyId:   keyID(pub),
		AuthorityKeyId: ca.intermediate.SubjectKeyId,
	}
	if strings.Contains(id.SAN, "://") {
		u, err := url.Parse(id.SAN)
		if err != nil {
			return nil, fmt.Errorf("identity %q: %w", id.SAN, err)
		}
		template.URIs = []*url.URL{u}
	} else {
		template.EmailAddresses = []string{id.SAN}
	}
	exts, err := fulcioExtensions(id)
	if err != nil {
		return nil, err
	}
	template.ExtraExtensions = exts
	return issue(template, ca.intermediate, pub, ca.intermediateKey)
}

func fulcioExtensions(id identity) ([]pkix.Extension, error) {
	der := func(oid asn1.ObjectIdentifier, value string) (pkix.Extension, error) {
		b, err := asn1.MarshalWithParams(value, "utf8")
		return pkix.Extension{Id: oid, Value: b}, err
	}
	raw := func(oid asn1.ObjectIdentifier, value string) pkix.Extension {
		return pkix.Extension{Id: oid, Value: []byte(value)}
	}
	exts := []pkix.Extension{raw(oidIssuerV1, id.Issuer)}
	values := [][2]any{{oidIssuerV2, id.Issuer}}
	// https://github.com/OWNER/REPO/.github/workflows/FILE@REF, as GitHub's token names a workflow.
	if repo, ref, ok := githubWorkflow(id.SAN); ok {
		exts = append(exts, raw(oidGitHubTrigger, "push"), raw(oidGitHubRepository, repo), raw(oidGitHubRef, ref))
		values = append(values,
			[2]any{oidBuildSignerURI, id.SAN},
			[2]any{oidRunnerEnvironment, "github-hosted"},
			[2]any{oidSourceRepositoryURI, "https://github.com/" + repo},
			[2]any{oidSourceRepositoryRef, ref},
			[2]any{oidBuildTrigger, "push"})
	}
	for _, v := range values {
		e, err := der(v[0].(asn1.ObjectIdentifier), v[1].(string))
		if err != nil {
			return nil, err
		}
		exts = append(exts, e)
	}
	return exts, nil
}

func githubWorkflow(san string) (repo, ref string, ok bool) {
	rest, found := strings.CutPrefix(san, "https://github.com/")
	if !found {
		return "", "", false
	}
	path, ref, found := strings.Cut(rest, "@")
	parts := strings.SplitN(path, "/", 3)
	if !found || len(parts) < 3 || !strings.HasPrefix(parts[2], ".github/workflows/") {
		return "", "", false
	}
	return parts[0] + "/" + parts[1], ref, true
}

func issue(template, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, template, parent, pub, signer)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

func randomSerial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 159))
	if err != nil {
		panic(err)
	}
	return n
}

// keyID is RFC 5280's method 1 (SHA-1 of the subject public key), as Fulcio computes it.
func keyID(pub crypto.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(der, &spki); err != nil {
		panic(err)
	}
	sum := sha1.Sum(spki.PublicKey.Bytes)
	return sum[:]
}

func writePEM(path string, certs ...*x509.Certificate) error {
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return os.WriteFile(path, b, 0o644)
}

func readPublicKey(path string) (crypto.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("%s: not a PEM public key", path)
	}
	return x509.ParsePKIXPublicKey(block.Bytes)
}

// trustedRoot is Sigstore's TrustedRoot (protobuf-specs, trustroot/v1) in its JSON form, as
// `cosign verify --trusted-root` reads it: only the certificate authority. No transparency log,
// no CT log, no timestamp authority: a signature made here has none of them, so verification
// must be told to skip the log (--insecure-ignore-tlog) and the SCT (--insecure-ignore-sct).
type trustedRoot struct {
	MediaType              string      `json:"mediaType"`
	Tlogs                  []any       `json:"tlogs"`
	CertificateAuthorities []trustedCA `json:"certificateAuthorities"`
	Ctlogs                 []any       `json:"ctlogs"`
	TimestampAuthorities   []any       `json:"timestampAuthorities"`
}

type trustedCA struct {
	Subject   map[string]string `json:"subject"`
	URI       string            `json:"uri"`
	CertChain struct {
		Certificates []map[string]string `json:"certificates"`
	} `json:"certChain"`
	ValidFor map[string]string `json:"validFor"`
}

// writeTrustedRoot lists the chain intermediate first, root last, as sigstore-go reads it.
func (ca *testCA) writeTrustedRoot(path string) error {
	entry := trustedCA{
		Subject:  map[string]string{"organization": "container-gate e2e", "commonName": "container-gate e2e intermediate"},
		URI:      caURI,
		ValidFor: map[string]string{"start": ca.notBefore.UTC().Format(time.RFC3339), "end": ca.notAfter.UTC().Format(time.RFC3339)},
	}
	for _, c := range []*x509.Certificate{ca.intermediate, ca.root} {
		entry.CertChain.Certificates = append(entry.CertChain.Certificates,
			map[string]string{"rawBytes": base64.StdEncoding.EncodeToString(c.Raw)})
	}
	doc := trustedRoot{
		MediaType:              "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
		Tlogs:                  []any{},
		CertificateAuthorities: []trustedCA{entry},
		Ctlogs:                 []any{},
		TimestampAuthorities:   []any{},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
