package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

// repairTextNodes repairs double-encoded text node by node: pages saved
// through a wrong encoding step carry "doesnâ\u0080\u0099t" in their text
// while the markup around it is plain ASCII, so the repair must work on
// each text on its own. Scripts and styles are left alone.
func repairTextNodes(n *html.Node) {
	if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
		return
	}
	if n.Type == html.TextNode {
		n.Data = repairMojibake(n.Data)
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		repairTextNodes(c)
	}
}

// repairMojibake undoes a double encoding: UTF-8 bytes that were read as
// Latin-1 or Windows-1252 and encoded again ("Investorâ\u0080\u0099s" for
// "Investor’s"). The text is only changed when every character maps back
// to one byte and those bytes are valid UTF-8 holding multi-byte
// characters, which ordinary Latin-1 text ("café") never is.
func repairMojibake(s string) string {
	// A UTF-8 lead byte read as Latin-1 is one of U+00C2–U+00F4.
	if strings.IndexFunc(s, func(r rune) bool { return r >= 0xc2 && r <= 0xf4 }) < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	multi := false
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r < 0x100:
			b = append(b, byte(r))
			multi = true
		default:
			c, ok := charmap.Windows1252.EncodeRune(r)
			if !ok {
				return s
			}
			b = append(b, c)
			multi = true
		}
	}
	if !multi || !utf8.Valid(b) {
		return s
	}
	return string(b)
}
