package article

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Block-level boilerplate: lines that survive the structural cleaning
// but are page furniture by their wording. Only short blocks are judged,
// so article sentences that mention "subscribe" or "share" are safe.

// boilerExact are whole-block texts (normalised: lower case, letters,
// digits and single spaces) that are never article text.
var boilerExact = map[string]bool{
	"advertisement": true, "advertising": true, "ad": true, "ads": true, "sponsored": true,
	"sponsored content": true, "story continues below": true, "story continues below advertisement": true,
	"article continues below": true, "article continues below advertisement": true,
	"continue reading below": true, "scroll to continue": true, "scroll to continue with content": true,
	"share": true, "share this": true, "share this article": true, "share this story": true,
	"share this post": true, "share on facebook": true, "share on twitter": true, "share on x": true,
	"share on linkedin": true, "share via email": true, "tweet": true, "email": true, "print": true,
	"copy link": true, "link copied": true, "copied": true, "facebook": true, "twitter": true,
	"linkedin": true, "pinterest": true, "whatsapp": true, "reddit": true, "comments": true,
	"comment": true, "related": true, "related articles": true, "related stories": true,
	"related posts": true, "related content": true, "read more": true, "read next": true,
	"continue reading": true, "more stories": true, "recommended": true, "recommended for you": true,
	"you may also like": true, "you might also like": true, "skip to content": true,
	"skip to main content": true, "back to top": true, "back to the top": true, "top": true,
	"sign up": true, "subscribe": true, "subscribe now": true, "log in": true, "login": true,
	"sign in": true, "register": true, "menu": true, "close": true, "search": true, "loading": true,
	"toggle navigation": true, "listen to this article": true, "listen": true, "save": true,
	"save article": true, "bookmark": true, "follow us": true, "image": true, "photo": true,
	"video": true, "play video": true, "watch": true, "gift this article": true,
	"table of contents": true, "contents": true, "in this article": true, "jump to": true,
	"show more": true, "see more": true, "load more": true, "view comments": true,
	"leave a comment": true, "leave a reply": true, "post a comment": true, "reply": true,
	"view this post on instagram": true, "view this post on threads": true, "view on threads": true,
	"view on instagram": true, "view on x": true, "view on twitter": true, "view on tiktok": true,
}

// boilerPrefixes start short furniture lines.
var boilerPrefixes = []string{
	"sign up for", "sign up to", "subscribe to", "subscribe for", "join our newsletter",
	"get our newsletter", "get the latest", "get the best", "by signing up", "by subscribing",
	"by clicking", "we use cookies", "this site uses cookies", "this website uses cookies",
	"we value your privacy", "click here to", "follow us on", "follow us", "like us on",
	"share this article", "share this story", "share this post", "share on", "all rights reserved",
	"copyright ©", "copyright", "©", "related:", "related articles", "related stories",
	"read more:", "read more about", "read next:", "recommended reading", "see also:", "also read:",
	"more from", "more on this", "more stories", "trending now", "most popular", "most read",
	"you may also like", "you might also like", "don't miss", "do not miss", "this article was originally published",
	"advertisement", "sponsored by", "this site is protected by recaptcha", "this site uses akismet",
	"your email address will not be published", "required fields are marked", "enter your email",
	"thank you for subscribing", "thanks for signing up", "already a subscriber", "already have an account",
	"create a free account", "to continue reading", "continue reading", "log in to", "sign in to",
	"download the app", "download our app", "listen to this article", "reporting by", "editing by",
	"additional reporting by", "image source:", "image credit:", "photo credit:", "featured image:",
	"updated on", "published on", "last updated", "posted on", "posted in", "filed under", "tags:",
	"categories:", "category:", "share:", "credit:", "source:", "(photo:", "[photo", "photo:",
	"image:", "getty images", "sign up now", "subscribe now", "unlock", "become a member", "support our",
	"this article is exclusive to", "this story is exclusive to", "this content is exclusive to",
	"to read the rest of", "to read this article", "to read this story", "subscribe to read",
	"view all plans", "see all plans", "choose your plan", "read our full ", "read the full review",
	"also read ", "related reading", "recommended reading", "you may also check", "was this newsletter forwarded",
	"read in browser", "view in browser", "affiliate links are used", "this post may contain affiliate",
	"this article contains affiliate", "we may earn a commission", "by posting a comment",
}

// cutHeadings start the trailing furniture of a page: once a heading (or
// short line) says this, the rest of the content is not the article.
var cutHeadings = []string{
	"related", "related articles", "related stories", "related posts", "related content", "related reading",
	"related news", "more from", "more stories", "more news", "more articles", "more in", "more on",
	"you may also like", "you might also like", "you may be interested in", "recommended",
	"recommended for you", "recommended stories", "recommended articles", "read next", "what to read next",
	"read more", "popular", "popular posts", "popular stories", "most popular", "most read", "trending",
	"trending now", "latest", "latest news", "latest stories", "latest posts", "latest articles",
	"leave a reply", "leave a comment", "post a comment", "comments", "join the conversation",
	"share this", "share this article", "share this story", "share this post", "about the author",
	"about the authors", "author", "authors", "newsletter", "sign up for our newsletter",
	"subscribe to our newsletter", "don't miss", "top stories", "editor's picks", "editors picks",
	"keep reading", "continue reading", "discover more", "explore more", "up next",
	"discussion about this post", "ready for more",
	// Reference lists, contacts and policies that end a page.
	"references", "reference list", "sources", "article sources", "bibliography", "works cited",
	"citations", "further reading", "media contact", "media contacts", "press contact", "press contacts",
	"media inquiries", "comment policy", "commenting policy", "comments policy", "community guidelines",
	"about us", "about the company",
}

var cutSet = func() map[string]bool {
	m := map[string]bool{}
	for _, h := range cutHeadings {
		m[h] = true
	}
	return m
}()

// normLine lower-cases s and keeps letters, digits and single spaces.
func normLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
			if r == '’' {
				r = '\''
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

func isBoilerLine(text string) bool {
	if utf8.RuneCountInString(text) > 160 {
		return false
	}
	n := normLine(text)
	if n == "" {
		return true // punctuation only: "|", "•", "—"
	}
	if boilerExact[n] {
		return true
	}
	low := strings.ToLower(strings.TrimSpace(text))
	for _, p := range boilerPrefixes {
		if strings.HasPrefix(low, p) || strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

func isCutHeading(text string) bool {
	if utf8.RuneCountInString(text) > 60 {
		return false
	}
	n := normLine(text)
	if cutSet[n] || aboutName(text) {
		return true
	}
	for _, h := range []string{"more from", "more in", "more on", "latest", "related", "comments", "trending"} {
		if strings.HasPrefix(n, h+" ") && len(n) <= len(h)+25 {
			return true
		}
	}
	return false
}

// filterBlocks drops furniture lines, the repeated headline, a byline or
// date line at the top, and everything after a "Related stories"-type
// heading near the end.
func (g *generic) filterBlocks(blocks []Block) []Block {
	out := blocks[:0:0]
	total := 0
	for _, b := range blocks {
		if b.Kind.IsBody() {
			total += len(b.Text)
		}
	}
	acc, resume := 0, 0
	for i, b := range blocks {
		if !b.Kind.IsBody() {
			out = append(out, b)
			continue
		}
		if i < resume {
			continue // a box of links inside the story (see inBodyCard)
		}
		// A trailing section: cut when most of the text is behind us,
		// unless it is a box of links that the story goes on after.
		if (b.Kind == Heading || len(b.Text) < 60 && b.Kind != ListItem) && acc*10 >= total*6 && isCutHeading(b.Text) {
			end, ok := inBodyCard(blocks, i)
			if !ok {
				break
			}
			resume = end
			continue
		}
		acc += len(b.Text)
		if b.Kind != Preformatted && isBoilerLine(b.Text) {
			continue
		}
		if g.titleN != "" && (b.Kind == Heading || i < 3) && len(b.Text) <= 300 && normKey(b.Text) == g.titleN {
			continue
		}
		if i < 6 && isMetaLine(b.Text) {
			continue
		}
		out = append(out, b)
	}
	out = dropRepeats(out)
	out = dropAuthorBio(out, g.meta.Byline)
	out = dropRepeatedLinks(out)
	out = dropTrailingLinkRun(out)
	out = dropTailFurniture(out, g.meta.SiteName)
	// Drop images that ended up after the last body block (teasers of
	// related stories) and captions without any body around; then a
	// short heading that ends the text titles nothing: the section it
	// led (related links, a podcast player, a sign-up form) is gone.
	for {
		for len(out) > 0 && !out[len(out)-1].Kind.IsBody() && out[len(out)-1].Kind != Caption {
			out = out[:len(out)-1]
		}
		if len(out) < 2 || out[len(out)-1].Kind != Heading || utf8.RuneCountInString(out[len(out)-1].Text) > 100 {
			return out
		}
		out = out[:len(out)-1]
	}
}

// aboutName: "About Acme Robotics", "About the Harbour Trust:", the
// heading of the boilerplate paragraph a press release or a company's
// post ends with: "About", then one to five words, the first a name.
func aboutName(text string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), "About ")
	if !ok {
		return false
	}
	rest = strings.TrimRight(rest, ": ")
	words := strings.Fields(rest)
	if len(words) == 0 || len(words) > 5 || strings.ContainsAny(rest, ".?!,") {
		return false
	}
	if words[0] == "the" && len(words) > 1 {
		words = words[1:]
	}
	return unicode.IsUpper(firstRune(words[0]))
}

// dropTailFurniture drops, from the end of the text, the furniture a
// page puts after its story: tag lines and tag clouds, newsletter and
// podcast sign-up lines, comment policies. At most six blocks go, and
// never the text itself (300 characters stay).
func dropTailFurniture(blocks []Block, site string) []Block {
	for k := 0; k < 6; k++ {
		i := len(blocks) - 1
		for i >= 0 && !blocks[i].Kind.IsBody() {
			i--
		}
		if i < 0 || !isTailFurniture(blocks[i], site) || bodyChars(blocks[:i]) < 300 {
			break
		}
		blocks = blocks[:i]
	}
	return blocks
}

var (
	tagLabels   = []string{"tags", "tagged", "tagged with", "topics", "related topics", "keywords", "categories", "filed under", "more about"}
	policyWords = []string{"comment policy", "comments policy", "commenting policy", "comments are moderated", "community guidelines", "comment guidelines", "commenting guidelines", "we welcome comments", "comments are closed",
		// legal disclaimers
		"for informational purposes only", "for general informational purposes", "not intended to provide", "does not constitute", "should not be construed", "not financial advice", "not investment advice", "past performance is",
		// appeals for money
		"donate", "patreon", "become a patron", "support our mission", "support our journalism", "support independent"}
	creditLabels = []string{"reviewed by", "written by", "edited by", "fact checked by", "medically reviewed by"}
	tailCTAVerbs = []string{"subscribe", "sign up", "signup", "listen", "follow", "download", "wherever you get", "join", "get our", "get the"}
)

// isTailFurniture reports a block that is furniture when it ends the
// text: a tag line ("Topics: Apple, Deals" with the tags linked), a
// cloud of three or more short links, a newsletter or podcast call to
// sign up or listen, or a comment policy.
func isTailFurniture(b Block, site string) bool {
	runes := utf8.RuneCountInString(b.Text)
	if b.Kind == Preformatted || runes > 600 {
		return false
	}
	n := normLine(b.Text)
	share := linkShare(b)
	for _, l := range tagLabels {
		if strings.HasPrefix(n, l+" ") && share >= 0.4 && runes < 300 {
			return true
		}
	}
	if len(b.Links) >= 3 && share >= 0.8 && runes < 250 && !strings.Contains(b.Text, ". ") {
		return true
	}
	if runes < 400 && (strings.Contains(n, "newsletter") || strings.Contains(n, "podcast")) && containsAny(n, tailCTAVerbs) {
		return true
	}
	if runes < 80 && hasAnyPrefix(n, creditLabels) {
		return true
	}
	return containsAny(n, policyWords) || aboutPublisher(b.Text, site)
}

// aboutPublisher: the paragraph about the company that publishes the
// page ("Acme Media is a leading…", "Founded in 2009, Acme…").
func aboutPublisher(text, site string) bool {
	if strings.HasPrefix(text, "Founded in ") || strings.HasPrefix(text, "Founded by ") {
		return true
	}
	if utf8.RuneCountInString(site) < 3 || !strings.HasPrefix(text, site) {
		return false
	}
	head := text[len(site):]
	if len(head) > 60 {
		head = head[:60]
	}
	return containsAny(head, []string{" is a ", " is an ", " is the ", " was founded", " provides ", " helps "})
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// repeatKey is the key under which two blocks are the same text:
// normalised when short, exact when long; "" for a block too short to
// tell a copy from a coincidence.
func repeatKey(b Block) string {
	if !b.Kind.IsBody() || b.Kind == Preformatted {
		return ""
	}
	key := b.Text
	if len(key) <= 300 {
		key = normKey(key)
	}
	if len(key) <= 20 {
		return ""
	}
	return key
}

// dropRepeats drops the copies of a block that a page prints twice
// (a sticky headline, the desktop and mobile copies of a section, a
// summary box repeated) and keeps the first. A paragraph or list item
// of up to 250 characters that recurs on its own, away from its first
// copy and among other neighbours, is kept: a recipe's step, a plan's
// day or a refrain is written again on purpose. A copy is a heading or
// quote, a long block, one within two blocks of the one before, or part of a
// run of three or more blocks repeated in order.
func dropRepeats(blocks []Block) []Block {
	var body []int // indexes of body blocks
	keys := make([]string, len(blocks))
	for i, b := range blocks {
		if b.Kind.IsBody() {
			body = append(body, i)
			keys[i] = repeatKey(b)
		}
	}
	first := map[string]int{} // key -> position in body of its first copy
	last := map[string]int{}  // key -> position of its latest copy
	copyOf := make([]int, len(body))
	near := make([]bool, len(body))
	for p, i := range body {
		copyOf[p] = -1
		k := keys[i]
		if k == "" {
			continue
		}
		if q, ok := first[k]; ok {
			copyOf[p] = q
			near[p] = p-last[k] <= 2
		} else {
			first[k] = p
		}
		last[k] = p
	}
	drop := map[int]bool{}
	for p, i := range body {
		if copyOf[p] < 0 {
			continue
		}
		b := blocks[i]
		if b.Kind != Paragraph && b.Kind != ListItem || utf8.RuneCountInString(b.Text) > 250 || near[p] || repeatRun(copyOf, p) >= 3 {
			drop[i] = true
		}
	}
	return without(blocks, drop)
}

// repeatRun is the length of the run of body blocks around position p
// that repeat, in order, the blocks around p's first copy.
func repeatRun(copyOf []int, p int) int {
	q := copyOf[p]
	n := 1
	for d := 1; p-d >= 0 && copyOf[p-d] >= 0 && copyOf[p-d] == q-d; d++ {
		n++
	}
	for d := 1; p+d < len(copyOf) && copyOf[p+d] >= 0 && copyOf[p+d] == q+d; d++ {
		n++
	}
	return n
}

// sectionCuts are cut headings that start the page's own sections
// (comments, author, sharing, newsletter), never a box of links that
// the story goes on after.
var sectionCuts = map[string]bool{
	"leave a reply": true, "leave a comment": true, "post a comment": true, "comments": true,
	"join the conversation": true, "share this": true, "share this article": true, "share this story": true,
	"share this post": true, "about the author": true, "about the authors": true, "author": true,
	"authors": true, "newsletter": true, "sign up for our newsletter": true,
	"subscribe to our newsletter": true, "discussion about this post": true,
	"references": true, "reference list": true, "sources": true, "article sources": true,
	"bibliography": true, "works cited": true, "citations": true, "media contact": true,
	"media contacts": true, "press contact": true, "press contacts": true, "media inquiries": true,
	"comment policy": true, "commenting policy": true, "comments policy": true, "community guidelines": true,
	"about us": true, "about the company": true,
}

// inBodyCard reports whether the cut heading at blocks[i] titles a box
// of links in the middle of the story ("Related", "Don't miss", "Read
// more" and a few teaser links) rather than the page's trailing
// furniture: the box is one to eight mostly-linked blocks (short
// unlinked labels and pictures may sit among them), and right after it
// the story goes on with two long paragraphs in a row. It returns the
// index after the box.
func inBodyCard(blocks []Block, i int) (int, bool) {
	n := normLine(blocks[i].Text)
	if sectionCuts[n] || strings.HasPrefix(n, "comments ") || aboutName(blocks[i].Text) {
		return i, false
	}
	j, linked := i+1, 0
scan:
	for ; j < len(blocks); j++ {
		b := blocks[j]
		switch {
		case !b.Kind.IsBody():
		case linkShare(b) >= 0.5:
			linked++
		case utf8.RuneCountInString(b.Text) < 40 && b.Kind != Heading:
		default:
			break scan
		}
	}
	if linked > 8 {
		return i, false
	}
	prose := 0
	for k := j; k < len(blocks) && prose < 2; k++ {
		b := blocks[k]
		if !b.Kind.IsBody() {
			continue
		}
		if b.Kind != Paragraph || utf8.RuneCountInString(b.Text) < 100 || linkShare(b) >= 0.3 {
			break
		}
		prose++
	}
	return j, prose == 2
}

// linkShare is the share of a block's text (bytes) inside links.
func linkShare(b Block) float64 {
	if len(b.Text) == 0 {
		return 0
	}
	linked := 0
	for _, l := range b.Links {
		linked += l.End - l.Start
	}
	return float64(linked) / float64(len(b.Text))
}

// isMetaLine: "By Jane Doe", "Published 3 March 2024", "5 min read".
func isMetaLine(text string) bool {
	if utf8.RuneCountInString(text) > 80 {
		return false
	}
	n := normLine(text)
	hasDigit := strings.ContainsAny(n, "0123456789")
	switch {
	case strings.HasPrefix(n, "by ") && len(strings.Fields(n)) <= 16 && looksLikeNames(strings.Fields(text)[1:]):
		return true
	case (strings.HasPrefix(n, "published") || strings.HasPrefix(n, "updated") || strings.HasPrefix(n, "posted")) && hasDigit:
		return true
	case strings.HasSuffix(n, "min read") || strings.HasSuffix(n, "minute read") || strings.HasSuffix(n, "minutes read"):
		return true
	}
	return false
}

// looksLikeNames: the words after "By" in a byline are names —
// capitalised, or joiners such as "and", "in", "|", or a date.
func looksLikeNames(words []string) bool {
	if len(words) == 0 {
		return false
	}
	caps := 0
	for _, w := range words {
		r := firstRune(w)
		switch {
		case unicode.IsUpper(r):
			caps++
		case w == "and" || w == "in" || w == "&" || w == "|" || w == "," || w == "-" || w == "–" || w == "—" || w == "de" || w == "van" || w == "von" || w == "al":
		case unicode.IsDigit(r), r == '|' || r == '/' || r == '·' || r == '•':
		default:
			return false
		}
	}
	return caps > 0
}

// dropAuthorBio drops an author box that survived as text above or
// below the article: one of the first or last three body blocks, a
// paragraph that starts with a byline name (or the name's first word)
// and goes on as a biography does ("Jane Doe is a reporter…", "Jane has
// covered…", "Jane Doe, Editor, studied…").
func dropAuthorBio(blocks []Block, byline string) []Block {
	var names []string
	for _, part := range strings.FieldsFunc(strings.ReplaceAll(byline, " and ", ","), func(r rune) bool { return r == ',' || r == '&' }) {
		if n := strings.TrimSpace(part); strings.Contains(n, " ") {
			names = append(names, n) // a full name, not "Staff"
		}
	}
	if len(names) == 0 {
		return blocks
	}
	var body []int
	for i, b := range blocks {
		if b.Kind.IsBody() {
			body = append(body, i)
		}
	}
	if len(body) < 8 {
		return blocks // too short to tell furniture from the story
	}
	drop := map[int]bool{}
	for k, i := range body {
		if k >= 3 && k < len(body)-3 {
			continue
		}
		if b := blocks[i]; b.Kind == Paragraph && utf8.RuneCountInString(b.Text) <= 700 && isBio(b.Text, names) {
			drop[i] = true
		}
	}
	return without(blocks, drop)
}

func isBio(text string, names []string) bool {
	for _, name := range names {
		first, _, _ := strings.Cut(name, " ")
		rest, ok := strings.CutPrefix(text, name)
		if !ok && utf8.RuneCountInString(first) >= 3 {
			rest, ok = strings.CutPrefix(text, first)
		}
		if !ok {
			continue
		}
		for _, p := range bioVerbs {
			if strings.HasPrefix(rest, p) {
				return true
			}
		}
		// "Jane Doe, Senior Editor, …": a title after the name.
		if after, ok := strings.CutPrefix(rest, ", "); ok && unicode.IsUpper(firstRune(after)) {
			return true
		}
	}
	return false
}

var bioVerbs = []string{" is a ", " is an ", " is the ", " has ", " was ", " writes ", " covers ", " joined "}

// dropRepeatedLinks drops short link blocks that recur three or more
// times ("Learn more", "Directions", "Buy at Amazon", "Start my LLC"):
// the buttons of repeated cards, not text. Unlinked repeats ("Pros",
// "Overview") are kept; they label sections of a list article.
func dropRepeatedLinks(blocks []Block) []Block {
	count := map[string]int{}
	for _, b := range blocks {
		if k, ok := shortLinkKey(b); ok {
			count[k]++
		}
	}
	drop := false
	for _, n := range count {
		if n >= 3 {
			drop = true
		}
	}
	if !drop {
		return blocks
	}
	out := blocks[:0:0]
	for _, b := range blocks {
		if k, ok := shortLinkKey(b); ok && count[k] >= 3 {
			continue
		}
		out = append(out, b)
	}
	return out
}

// shortLinkKey returns the normalised text of a short body block that is
// mostly link text.
func shortLinkKey(b Block) (string, bool) {
	if !b.Kind.IsBody() || b.Kind == Preformatted || len(b.Links) == 0 || len(b.Text) > 60 {
		return "", false
	}
	k := normLine(b.Text)
	if k == "" || len(k) > 30 {
		return "", false
	}
	linked := 0
	for _, l := range b.Links {
		linked += l.End - l.Start
	}
	return k, linked*2 >= len(b.Text)
}

// dropTrailingLinkRun drops a run of three or more short, mostly-linked
// blocks that ends the article: a list of other stories without a
// "Related" heading.
func dropTrailingLinkRun(blocks []Block) []Block {
	end := len(blocks)
	for end > 0 && !blocks[end-1].Kind.IsBody() {
		end--
	}
	i := end
	for i > 0 {
		b := blocks[i-1]
		if !b.Kind.IsBody() {
			i--
			continue
		}
		if b.Kind == Preformatted || len(b.Links) == 0 || utf8.RuneCountInString(b.Text) > 150 {
			break
		}
		linked := 0
		for _, l := range b.Links {
			linked += l.End - l.Start
		}
		if linked*5 < len(b.Text)*4 {
			break
		}
		i--
	}
	run := 0
	for _, b := range blocks[i:end] {
		if b.Kind.IsBody() {
			run++
		}
	}
	// A link roundup is all links: keep a run that is much of the text.
	if run < 3 || bodyChars(blocks[i:end])*10 > bodyChars(blocks)*3 {
		return blocks
	}
	return blocks[:i]
}

// without returns blocks less those whose index is in drop (blocks
// itself when drop is empty).
func without(blocks []Block, drop map[int]bool) []Block {
	if len(drop) == 0 {
		return blocks
	}
	out := blocks[:0:0]
	for i, b := range blocks {
		if !drop[i] {
			out = append(out, b)
		}
	}
	return out
}
