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
// a few seconds and a signature belongs to the run's registry anyway.
//
// With -serve-ready it then stays up as the keyless services of the run (standin.go): a GitHub
// Actions OIDC token endpoint and a Fulcio issuing from the same test CA, so that real keyless
// signing (`cosign sign` with an identity token) works offline; the file it names receives the
// services' base URL once fixtures.json is complete and they answer.
//
// Usage:
//
//	e2e-signing -cosign PATH -fixtures RUN/fixtures/fixtures.json [-serve-ready FILE]
package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
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
	Keyless       *keylessService            `json:"keylessService,omitempty"` // with -serve-ready
}

// keylessService is how a test signs keyless for real: a signing config naming the stand-in
// Fulcio, and the GitHub Actions variables that get a workflow's identity token from the stand-in.
type keylessService struct {
	FulcioURL     string `json:"fulcioUrl"`
	SigningConfig string `json:"signingConfig"`
	// ACTIONS_ID_TOKEN_REQUEST_URL (ends in a query: the runner's clients append &audience=).
	TokenRequestURL string `json:"tokenRequestUrl"`
	// ACTIONS_ID_TOKEN_REQUEST_TOKEN per workflow identity (a name in identities).
	RequestTokens map[string]string `json:"requestTokens"`
}

const githubIssuer = "https://token.actions.githubusercontent.com"

var identities = map[string]identity{
	"release":      {SAN: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", Issuer: githubIssuer},
	"wrong":        {SAN: "https://github.com/mallory/app/.github/workflows/release.yml@refs/heads/main", Issuer: githubIssuer},
	"wrong-issuer": {SAN: "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main", Issuer: "https://gitlab.com"},
	// A vendor that signs its base images with a Google service account, as distroless does.
	"vendor": {SAN: "keyless@vendor-images.iam.gserviceaccount.com", Issuer: "https://accounts.google.com"},
}

var imageFixtures = map[string]struct {
	repository string
	by         *signer
}{
	"signed-key":             {"container-gate/signed-key", &signer{Key: "main"}},
	"unsigned":               {"container-gate/unsigned", nil},
	"signed-other-key":       {"container-gate/signed-other-key", &signer{Key: "other"}},
	"keyless":                {"container-gate/keyless", &signer{Identity: "release"}},
	"keyless-wrong-identity": {"container-gate/keyless-wrong-identity", &signer{Identity: "wrong"}},
	"keyless-wrong-issuer":   {"container-gate/keyless-wrong-issuer", &signer{Identity: "wrong-issuer"}},
	"vendor-base":            {"vendor/base", &signer{Identity: "vendor"}},
}

// setup is what the signing steps share.
type setup struct {
	dir, password, trustedRoot, signingConfig string
	cosign                                    *cosignRunner
}

func main() {
	cosignBin := flag.String("cosign", "", "the cosign binary")
	fixturesFile := flag.String("fixtures", "", "fixtures.json written by e2e-fixtures (read, then rewritten with a signing section)")
	ready := flag.String("serve-ready", "", "stay up as the keyless services; write their base URL to this file once they answer")
	flag.Parse()
	if *cosignBin == "" || *fixturesFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	var listener net.Listener
	var serviceURL string
	var err error
	if *ready != "" {
		if listener, serviceURL, err = listenLoopback(); err != nil {
			log.Fatal(err)
		}
	}
	services, err := run(*cosignBin, *fixturesFile, serviceURL)
	if err != nil {
		log.Fatal(err)
	}
	if listener == nil {
		return
	}
	server := &http.Server{Handler: services.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { log.Fatal(server.Serve(listener)) }()
	if err := os.WriteFile(*ready, []byte(serviceURL+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	select {} // until scripts/e2e.sh stops it
}

func run(cosignBin, fixturesFile, serviceURL string) (*standin, error) {
	// Absolute: cosign runs in the fixture folder and the tests read these paths from anywhere.
	fixturesFile, err := filepath.Abs(fixturesFile)
	if err != nil {
		return nil, err
	}
	doc, base, registry, err := readFixtures(fixturesFile)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(filepath.Dir(fixturesFile), "signing")
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	cosign, err := newCosignRunner(cosignBin, dir)
	if err != nil {
		return nil, err
	}
	ca, err := newTestCA(time.Now())
	if err != nil {
		return nil, err
	}
	services, err := newStandin(ca)
	if err != nil {
		return nil, err
	}
	s := &setup{dir: dir, password: randomPassword(), cosign: cosign,
		trustedRoot: filepath.Join(dir, "trusted_root.json"), signingConfig: filepath.Join(dir, "signing_config.json")}
	out := signingFixtures{Password: s.password, Keys: map[string]keyPair{}, Identities: map[string]identityFixture{},
		TrustedRoot: s.trustedRoot, SigningConfig: s.signingConfig, CAChain: filepath.Join(dir, "ca-chain.pem"),
		CosignHome: cosign.home, Images: map[string]signedImage{}}

	if err := generateKeyPairs(s, filepath.Join(dir, "keys"), []string{"main", "other"}, out.Keys); err != nil {
		return nil, err
	}
	if err := makeIdentities(s, ca, &out); err != nil {
		return nil, err
	}
	if err := cosign.writeSigningConfig(s.signingConfig, ""); err != nil {
		return nil, err
	}
	if serviceURL != "" {
		if out.Keyless, err = makeKeylessService(s, services, ca, serviceURL); err != nil {
			return nil, err
		}
	}
	if err := makeImages(s, &out, base, registry); err != nil {
		return nil, err
	}
	return services, writeFixtures(fixturesFile, doc, out)
}

// makeImages pushes every image fixture and signs those that are signed, all at once.
func makeImages(s *setup, out *signingFixtures, base v1.Image, registry string) error {
	var names []string
	for name := range imageFixtures {
		names = append(names, name)
	}
	var mu sync.Mutex
	return eachConcurrently(names, func(name string) error {
		f := imageFixtures[name]
		img, err := makeImage(s, out, base, registry, name, f.repository, f.by)
		mu.Lock()
		defer mu.Unlock()
		out.Images[name] = img
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
}

// generateKeyPairs makes one cosign key pair per name in dir, all at once, into keys.
func generateKeyPairs(s *setup, dir string, names []string, keys map[string]keyPair) error {
	var mu sync.Mutex
	return eachConcurrently(names, func(name string) error {
		key, err := s.cosign.generateKeyPair(dir, name, s.password)
		mu.Lock()
		defer mu.Unlock()
		keys[name] = key
		return err
	})
}

// makeKeylessService writes the signing config that names the stand-in Fulcio (with cosign's own
// `signing-config create`) and gives each GitHub workflow identity a request token of this run.
func makeKeylessService(s *setup, services *standin, ca *testCA, url string) (*keylessService, error) {
	k := &keylessService{FulcioURL: url, SigningConfig: filepath.Join(s.dir, "keyless_signing_config.json"),
		TokenRequestURL: url + "/oidc/token?api-version=2.0", RequestTokens: map[string]string{}}
	fulcio := fmt.Sprintf("url=%s,api-version=1,start-time=%s,operator=container-gate-e2e", url, ca.notBefore.UTC().Format(time.RFC3339))
	if err := s.cosign.writeSigningConfig(k.SigningConfig, fulcio); err != nil {
		return nil, err
	}
	for _, name := range []string{"release", "wrong"} {
		claims, err := workflowFor(identities[name])
		if err != nil {
			return nil, err
		}
		token := randomPassword()
		services.workflows[token] = claims
		k.RequestTokens[name] = token
	}
	return k, nil
}

// makeIdentities writes the CA and its trusted root, and one key pair and certificate per identity.
func makeIdentities(s *setup, ca *testCA, out *signingFixtures) error {
	if err := writePEM(out.CAChain, ca.intermediate, ca.root); err != nil {
		return err
	}
	if err := ca.writeTrustedRoot(s.trustedRoot); err != nil {
		return err
	}
	var names []string
	for name := range identities {
		names = append(names, name)
	}
	keys := map[string]keyPair{}
	if err := generateKeyPairs(s, filepath.Join(s.dir, "identities"), names, keys); err != nil {
		return err
	}
	for name, id := range identities {
		key := keys[name]
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

// eachConcurrently runs fn for every name at once and returns every error: the cosign calls are
// independent, and each spends its time in scrypt (the key's password) or waiting on the registry.
func eachConcurrently(names []string, fn func(name string) error) error {
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(name)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
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
