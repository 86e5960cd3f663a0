package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"time"
)

// standin serves on loopback what keyless signing needs and the suite cannot reach: the GitHub
// Actions OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL), which hands a workflow its identity
// token, and a Fulcio (POST /api/v2/signingCert) that turns such a token into a certificate of the
// test CA. The Fulcio checks what the real one checks before it certifies a key: the token's
// signature (by the stand-in issuer's key), its audience "sigstore" and expiry, and the proof of
// possession (the token's subject signed with the key to certify). The CA's and the issuer's
// private keys live only in this process.
type standin struct {
	ca        *testCA
	issuerKey *ecdsa.PrivateKey
	// Each request token (ACTIONS_ID_TOKEN_REQUEST_TOKEN) stands for one workflow.
	workflows map[string]workflowClaims
}

// workflowClaims are the claims GitHub puts in a workflow's token that Fulcio turns into the
// certificate's identity (https://github.com/<job_workflow_ref>) and extensions.
type workflowClaims struct {
	Repository     string `json:"repository"`
	Ref            string `json:"ref"`
	JobWorkflowRef string `json:"job_workflow_ref"`
}

type tokenClaims struct {
	workflowClaims
	Issuer            string `json:"iss"`
	Subject           string `json:"sub"`
	Audience          string `json:"aud"`
	EventName         string `json:"event_name"`
	RunnerEnvironment string `json:"runner_environment"`
	IssuedAt          int64  `json:"iat"`
	NotBefore         int64  `json:"nbf"`
	Expiry            int64  `json:"exp"`
}

// workflowFor makes the GitHub claims of a workflow identity
// (https://github.com/OWNER/REPO/.github/workflows/FILE@REF).
func workflowFor(id identity) (workflowClaims, error) {
	repo, ref, ok := githubWorkflow(id.SAN)
	if !ok || id.Issuer != githubIssuer {
		return workflowClaims{}, fmt.Errorf("%s is not a GitHub workflow identity", id.SAN)
	}
	return workflowClaims{Repository: repo, Ref: ref, JobWorkflowRef: strings.TrimPrefix(id.SAN, "https://github.com/")}, nil
}

func newStandin(ca *testCA) (*standin, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return &standin{ca: ca, issuerKey: key, workflows: map[string]workflowClaims{}}, nil
}

func (s *standin) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /__health", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /oidc/token", s.serveToken)
	mux.HandleFunc("POST /api/v2/signingCert", s.serveCertificate)
	return mux
}

// serveToken answers like the Actions runtime: {"value": "<JWT>"} for the audience asked, to the
// bearer of a request token.
func (s *standin) serveToken(w http.ResponseWriter, r *http.Request) {
	given := bearer(r)
	var wf *workflowClaims
	for token, claims := range s.workflows {
		if subtle.ConstantTimeCompare([]byte(token), []byte(given)) == 1 {
			wf = &claims
		}
	}
	if wf == nil {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	audience := r.URL.Query().Get("audience")
	if audience == "" {
		audience = "https://github.com/acme"
	}
	now := time.Now()
	claims := tokenClaims{
		workflowClaims: *wf, Issuer: githubIssuer, Audience: audience,
		Subject:   "repo:" + wf.Repository + ":ref:" + wf.Ref,
		EventName: "push", RunnerEnvironment: "github-hosted",
		IssuedAt: now.Unix(), NotBefore: now.Add(-time.Minute).Unix(), Expiry: now.Add(10 * time.Minute).Unix(),
	}
	jwt, err := s.signJWT(claims)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, map[string]string{"value": jwt})
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return h[7:]
	}
	return ""
}

func (s *standin) signJWT(claims tokenClaims) (string, error) {
	header, _ := json.Marshal(map[string]string{"alg": "ES256", "typ": "JWT", "kid": "container-gate-e2e"})
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signingInput := b64(header) + "." + b64(payload)
	digest := sha256.Sum256([]byte(signingInput))
	r, sv, err := ecdsa.Sign(rand.Reader, s.issuerKey, digest[:])
	if err != nil {
		return "", err
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	sv.FillBytes(sig[32:])
	return signingInput + "." + b64(sig), nil
}

// verifyJWT is the part of Fulcio's token check that matters here: ES256 by the issuer's key,
// audience sigstore, not expired.
func (s *standin) verifyJWT(token string) (tokenClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return tokenClaims{}, errors.New("not a JWT")
	}
	var header struct{ Alg string }
	if err := decodeSegment(parts[0], &header); err != nil || header.Alg != "ES256" {
		return tokenClaims{}, errors.New("unsupported token header")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		return tokenClaims{}, errors.New("malformed token signature")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(&s.issuerKey.PublicKey, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		return tokenClaims{}, errors.New("token signature does not verify")
	}
	var claims tokenClaims
	if err := decodeSegment(parts[1], &claims); err != nil {
		return tokenClaims{}, err
	}
	if claims.Audience != "sigstore" {
		return tokenClaims{}, fmt.Errorf("token audience %q is not sigstore", claims.Audience)
	}
	if now := time.Now().Unix(); now > claims.Expiry || now < claims.NotBefore {
		return tokenClaims{}, errors.New("token expired or not yet valid")
	}
	return claims, nil
}

// The Fulcio v2 request, as sigstore-go sends it.
type certificateRequest struct {
	Credentials *struct {
		OIDCIdentityToken string `json:"oidcIdentityToken"`
	} `json:"credentials"`
	PublicKeyRequest struct {
		PublicKey struct {
			Algorithm string `json:"algorithm"`
			Content   string `json:"content"`
		} `json:"publicKey"`
		ProofOfPossession string `json:"proofOfPossession"`
	} `json:"publicKeyRequest"`
}

func (s *standin) serveCertificate(w http.ResponseWriter, r *http.Request) {
	var req certificateRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		fulcioError(w, http.StatusBadRequest, "malformed request: "+err.Error())
		return
	}
	token := bearer(r)
	if req.Credentials != nil && req.Credentials.OIDCIdentityToken != "" {
		token = req.Credentials.OIDCIdentityToken
	}
	claims, err := s.verifyJWT(token)
	if err != nil {
		fulcioError(w, http.StatusUnauthorized, "There was an error processing the identity token: "+err.Error())
		return
	}
	pub, err := provenKey(req, claims.Subject)
	if err != nil {
		fulcioError(w, http.StatusBadRequest, err.Error())
		return
	}
	id := identity{SAN: "https://github.com/" + claims.JobWorkflowRef, Issuer: claims.Issuer}
	leaf, err := s.ca.issueLeaf(pub, id)
	if err != nil {
		fulcioError(w, http.StatusInternalServerError, err.Error())
		return
	}
	var chain []string
	for _, c := range []*x509.Certificate{leaf, s.ca.intermediate, s.ca.root} {
		chain = append(chain, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})))
	}
	// No CT log: the SCT Fulcio would embed is absent, so verification needs --insecure-ignore-sct.
	writeJSON(w, map[string]any{"signedCertificateEmbeddedSct": map[string]any{"chain": map[string]any{"certificates": chain}}})
}

// provenKey parses the key to certify and checks that its holder signed the token's subject.
func provenKey(req certificateRequest, subject string) (*ecdsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(req.PublicKeyRequest.PublicKey.Content))
	if block == nil {
		return nil, errors.New("public key is not PEM")
	}
	parsed, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	pub, ok := parsed.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("the stand-in certifies ECDSA keys only, not %T", parsed)
	}
	proof, err := base64.StdEncoding.DecodeString(req.PublicKeyRequest.ProofOfPossession)
	if err != nil {
		return nil, errors.New("proof of possession is not base64")
	}
	digest := sha256.Sum256([]byte(subject))
	if !ecdsa.VerifyASN1(pub, digest[:], proof) {
		return nil, errors.New("proof of possession does not verify: the subject was not signed with this key")
	}
	return pub, nil
}

func fulcioError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": status, "message": message})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// listenLoopback binds a free port on 127.0.0.1 before the fixtures are made, so the signing
// config written with them can name it.
func listenLoopback() (net.Listener, string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	return l, "http://" + l.Addr().String(), nil
}
