package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"syscall"
	"time"

	"github.com/ingest-archive/ingest/scraper"
	"github.com/ingest-archive/ingest/storage"
)

// Limits of `ingest export --assets` downloads.
const (
	// assetMaxBytes is the largest image downloaded; larger ones keep
	// their original link.
	assetMaxBytes = 10 << 20
	// assetTimeout bounds one image download, redirects and body included.
	assetTimeout = 30 * time.Second
	// assetMaxRedirects is the longest redirect chain followed.
	assetMaxRedirects = 5
)

// errPrivateAsset reports an image on a private, loopback or link-local
// address while those are not allowed.
var errPrivateAsset = errors.New("private address refused (use --allow-private)")

// assetFetcher downloads body images for a markdown export: any host,
// http(s) only, one image at a time, with timeouts and a size cap, and no
// private addresses unless allowed. It ignores proxies from the
// environment, like the crawler.
type assetFetcher struct {
	client    *http.Client
	userAgent string
}

func newAssetFetcher(allowPrivate bool) *assetFetcher {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		// Checked on the address actually dialled, after DNS, so a name
		// that resolves to a private address is refused too.
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, errPrivateAsset)
			}
			if a := ap.Addr().Unmap(); a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() ||
				a.IsLinkLocalMulticast() || a.IsUnspecified() || a.IsMulticast() {
				return fmt.Errorf("dial %s: %w", address, errPrivateAsset)
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		IdleConnTimeout:       30 * time.Second,
		MaxIdleConnsPerHost:   2,
	}
	ua := os.Getenv("INGEST_USER_AGENT")
	if ua == "" {
		ua = scraper.DefaultUserAgent
	}
	return &assetFetcher{
		userAgent: ua,
		client: &http.Client{
			Transport: transport,
			Timeout:   assetTimeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= assetMaxRedirects {
					return fmt.Errorf("more than %d redirects", assetMaxRedirects)
				}
				if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
					return fmt.Errorf("redirect to %s: not http(s)", req.URL)
				}
				return nil
			},
		},
	}
}

// fetch implements storage.AssetFunc.
func (f *assetFetcher) fetch(ctx context.Context, url string) (storage.Asset, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return storage.Asset{}, fmt.Errorf("asset %s: %w", url, err)
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", "image/*")
	resp, err := f.client.Do(req)
	if err != nil {
		return storage.Asset{}, fmt.Errorf("asset %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return storage.Asset{}, fmt.Errorf("asset %s: status %d", url, resp.StatusCode)
	}
	if resp.ContentLength > assetMaxBytes {
		return storage.Asset{}, fmt.Errorf("asset %s: %d bytes, more than %d", url, resp.ContentLength, assetMaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, assetMaxBytes+1))
	if err != nil {
		return storage.Asset{}, fmt.Errorf("asset %s: read body: %w", url, err)
	}
	if len(body) > assetMaxBytes {
		return storage.Asset{}, fmt.Errorf("asset %s: more than %d bytes", url, assetMaxBytes)
	}
	return storage.Asset{Body: body, ContentType: resp.Header.Get("Content-Type")}, nil
}
