// Command e2e-signing makes the signature fixtures of the end-to-end suite, with the real cosign
// and without any Sigstore service or the internet:
//
//   - two cosign key pairs ("main" and "other"), encrypted with a password of this run;
//   - a test certificate authority (root and intermediate, crypto/x509) that issues Fulcio-shaped
//     certificates (identity as SAN, OIDC issuer in Fulcio's extensions) for four identities,
//     and a Sigstore trusted_root.json listing it, with no transparency log, CT log or TSA;
//   - images in the run's registry, each a variant of the clean Alpine fixture with a digest of
//     its own: signed with the main key, unsigned, signed with the other key, signed "keyless"
//     (key plus certificate) by the right identity, by a wrong identity, by the right identity
//     from a wrong issuer, and a vendor base image signed by the vendor's identity.
//
// It adds a "signing" section to the fixtures.json that e2e-fixtures wrote (see
// __tests__/e2e/helpers/signing.ts for its shape). Everything is made fresh per run: it takes
// about a second and a signature belongs to the run's registry anyway.
//
// Usage:
//
//	e2e-signing -cosign PATH -fixtures RUN/fixtures/fixtures.json
package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

type keyPair struct {
	Private string `json:"private"`
	Public  string `json:"public"`
}

// identityFixture is one keyless signer: who it claims to be, and the key and certificate it
// signs with (the certificate is what a keyless signature carries in its bundle).
type identityFixture struct {
	identity
	Key         keyPair `json:"key"`
	Certificate string  `json:"certificate"`
}

// signedImage is one image of the run's registry and who signed it (nobody when SignedBy is nil).
type signedImage struct {
	Reference string  `json:"reference"` // by tag
	Digest    string  `json:"digest"`
	Pinned    string  `json:"pinned"` // repository@digest: what was signed
	SignedBy  *signer `json:"signedBy"`
}

type signer struct {
	Key      string `json:"key,omitempty"`      // a name in keys
	Identity string `json:"identity,omitempty"` // a name in identities
}

type signingFixtures struct {
	Password      string                     `json:"password"` // COSIGN_PASSWORD of every private key here
	Keys          map[string]keyPair         `json:"keys"`
	Identities    map[string]identityFixture `json:"identities"`
	TrustedRoot   string                     `json:"trustedRoot"`
	SigningConfig string                     `json:"signingConfig"` // no services: sign offline
	CAChain       string                     `json:"caChain"`       // intermediate then root, PEM
	CosignHome    string                     `json:"cosignHome"`    // HOME, DOCKER_CONFIG and TUF_ROOT of the setup's cosign calls
	Images        map[string]signedImage     `json:"images"`
}

const githubIssuer = "https://token.actions.githubusercontent.com"

var identities = map[string]identity{
	"release":      {SAN: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", Issuer: githubIssuer},
	"wrong":        {SAN: "https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main", Issuer: githubIssuer},
	"wrong-issuer": {SAN: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", Issuer: "https://gitlab.com"},
	// A vendor that signs its base images with a Google service account, as distroless does.
	"vendor": {SAN: "keyless@vendor-images.iam.gserviceaccount.com", Issuer: "https://accounts.google.com"},
}

var imageFixtures = []struct {
	name, repository string
	by               *signer
}{
	{"signed-key", "container-gate/signed-key", &signer{Key: "main"}},
	{"unsigned", "container-gate/unsigned", nil},
	{"signed-other-key", "container-gate/signed-other-key", &signer{Key: "other"}},
	{"keyless", "container-gate/keyless", &signer{Identity: "release"}},
	{"keyless-wrong-identity", "container-gate/keyless-wrong-identity", &signer{Identity: "wrong"}},
	{"keyless-wrong-issuer", "container-gate/keyless-wrong-issuer", &signer{Identity: "wrong-issuer"}},
	{"vendor-base", "vendor/base", &signer{Identity: "vendor"}},
}

// setup is what the signing steps share.
type setup struct {
	dir, password, trustedRoot, signingConfig string
	cosign                                    *cosignRunner
}

func main() {
	cosignBin := flag.String("cosign", "", "the cosign binary")
	fixturesFile := flag.String("fixtures", "", "fixtures.json written by e2e-fixtures (read, then rewritten with a signing section)")
	flag.Parse()
	if *cosignBin == "" || *fixturesFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*cosignBin, *fixturesFile); err != nil {
		log.Fatal(err)
	}
}

func run(cosignBin, fixturesFile string) error {
	// Absolute: cosign runs in the fixture folder and the tests read these paths from anywhere.
	fixturesFile, err := filepath.Abs(fixturesFile)
	if err != nil {
		return err
	}
	doc, base, registry, err := readFixtures(fixturesFile)
	if err != nil {
		return err
	}
	dir := filepath.Join(filepath.Dir(fixturesFile), "signing")
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	cosign, err := newCosignRunner(cosignBin, dir)
	if err != nil {
		return err
	}
	s := &setup{dir: dir, password: randomPassword(), cosign: cosign,
		trustedRoot: filepath.Join(dir, "trusted_root.json"), signingConfig: filepath.Join(dir, "signing_config.json")}
	out := signingFixtures{Password: s.password, Keys: map[string]keyPair{}, Identities: map[string]identityFixture{},
		TrustedRoot: s.trustedRoot, SigningConfig: s.signingConfig, CAChain: filepath.Join(dir, "ca-chain.pem"),
		CosignHome: cosign.home, Images: map[string]signedImage{}}

	for _, name := range []string{"main", "other"} {
		if out.Keys[name], err = cosign.generateKeyPair(filepath.Join(dir, "keys"), name, s.password); err != nil {
			return err
		}
	}
	if err := makeIdentities(s, &out); err != nil {
		return err
	}
	if err := cosign.writeSigningConfig(s.signingConfig); err != nil {
		return err
	}
	for _, f := range imageFixtures {
		img, err := makeImage(s, &out, base, registry, f.name, f.repository, f.by)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		out.Images[f.name] = img
	}
	return writeFixtures(fixturesFile, doc, out)
}

// makeIdentities issues the CA, one key pair and certificate per identity, and the trusted root.
func makeIdentities(s *setup, out *signingFixtures) error {
	ca, err := newTestCA(time.Now())
	if err != nil {
		return err
	}
	if err := writePEM(out.CAChain, ca.intermediate, ca.root); err != nil {
		return err
	}
	if err := ca.writeTrustedRoot(s.trustedRoot); err != nil {
		return err
	}
	for name, id := range identities {
		key, err := s.cosign.generateKeyPair(filepath.Join(s.dir, "identities"), name, s.password)
		if err != nil {
			return err
		}
		pub, err := readPublicKey(key.Public)
		if err != nil {
			return err
		}
		cert, err := ca.issueLeaf(pub, id)
		if err != nil {
			return fmt.Errorf("identity %s: %w", name, err)
		}
		certPath := filepath.Join(s.dir, "identities", name+".crt")
		if err := writePEM(certPath, cert); err != nil {
			return err
		}
		out.Identities[name] = identityFixture{identity: id, Key: key, Certificate: certPath}
	}
	return nil
}

func makeImage(s *setup, out *signingFixtures, base v1.Image, registry, name, repository string, by *signer) (signedImage, error) {
	reference := registry + "/" + repository + ":1"
	digest, err := pushVariant(base, name, reference)
	if err != nil {
		return signedImage{}, err
	}
	img := signedImage{Reference: reference, Digest: digest, Pinned: registry + "/" + repository + "@" + digest, SignedBy: by}
	switch {
	case by == nil:
	case by.Key != "":
		err = s.cosign.sign(s, out.Keys[by.Key], "", img.Pinned)
	default:
		id := out.Identities[by.Identity]
		err = s.cosign.sign(s, id.Key, id.Certificate, img.Pinned)
	}
	return img, err
}

func randomPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "e2e-" + hex.EncodeToString(b)
}

// readFixtures keeps the document as it is (other sections belong to e2e-fixtures) and returns
// the clean Alpine image to derive the signing fixtures from, and the registry.
func readFixtures(path string) (map[string]json.RawMessage, v1.Image, string, error) {
	var doc map[string]json.RawMessage
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &doc)
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", path, err)
	}
	var parts struct {
		Registry string                             `json:"registry"`
		Images   map[string]struct{ Layout string } `json:"images"`
	}
	if err := json.Unmarshal(b, &parts); err != nil {
		return nil, nil, "", err
	}
	clean, ok := parts.Images["alpine-clean"]
	if parts.Registry == "" || !ok {
		return nil, nil, "", fmt.Errorf("%s: needs a registry and the alpine-clean image (run e2e-fixtures with -registry first)", path)
	}
	img, err := loadBase(clean.Layout)
	if err != nil {
		return nil, nil, "", err
	}
	return doc, img, parts.Registry, nil
}

func writeFixtures(path string, doc map[string]json.RawMessage, out signingFixtures) error {
	section, err := json.Marshal(out)
	if err != nil {
		return err
	}
	doc["signing"] = section
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
