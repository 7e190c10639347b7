// Package gen generates realistic, deterministic news items for library
// benchmarks and tests: news-like titles and summaries with a Zipf-shaped
// vocabulary (a few hundred common news words, real place and organisation
// names, thousands of generated person names and a long tail of rarer
// words), spread over sources and time like a year of feeds.
//
// It is used by the store benchmarks and is meant for any benchmark that
// needs a 100,000-item library (start-up paint, filter latency).
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// Corpus is a generated set of sources and their items.
type Corpus struct {
	Sources []feeds.Source
	Items   [][]feeds.Item // per source, newest first
	// People, Places and Orgs are the entity names used, so benchmarks can
	// pick realistic person:/place:/org: queries.
	People []string
	Places []string
	Orgs   []string
	// Words are common body words, most frequent first.
	Words []string
}

// Options shape a corpus.
type Options struct {
	Seed      uint64
	Sources   int
	PerSource int
	// End is the newest publication time; items go back about a year.
	End time.Time
	// ContentEvery gives every Nth item a feed body (ContentHTML/Content)
	// of a few paragraphs; 0 means none.
	ContentEvery int
	// First is the index of the first source, so that a large corpus can
	// be made one source at a time (New with Sources 1 and First 0..19
	// gives the same sources, names and URLs as New with Sources 20).
	First int
}

// New builds a corpus. The same Options always give the same items.
func New(o Options) *Corpus {
	if o.Sources <= 0 {
		o.Sources = 1
	}
	if o.End.IsZero() {
		o.End = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	c := &Corpus{Places: places, Orgs: orgs, Words: common}
	// Person names: given x family combinations.
	seen := map[string]bool{}
	for len(c.People) < 4000 {
		n := given[r.IntN(len(given))] + " " + family[r.IntN(len(family))]
		if !seen[n] {
			seen[n] = true
			c.People = append(c.People, n)
		}
	}
	tail := makeTail(r, 20000)
	g := &generator{r: r, c: c, tail: tail,
		zWords: newZipf(r, len(common)), zTail: newZipf(r, len(tail)),
		zPeople: newZipf(r, len(c.People)), zPlaces: newZipf(r, len(places)), zOrgs: newZipf(r, len(orgs))}
	span := 365 * 24 * time.Hour
	for s := o.First; s < o.First+o.Sources; s++ {
		name := sourceNames[s%len(sourceNames)]
		if s >= len(sourceNames) {
			name = fmt.Sprintf("%s %d", name, s/len(sourceNames)+1)
		}
		host := strings.ToLower(strings.ReplaceAll(name, " ", "")) + ".example"
		src := feeds.Source{Name: name, URL: fmt.Sprintf("https://%s/rss/%d.xml", host, s)}
		c.Sources = append(c.Sources, src)
		items := make([]feeds.Item, 0, o.PerSource)
		step := span / time.Duration(max(o.PerSource, 1))
		for i := 0; i < o.PerSource; i++ {
			pub := o.End.Add(-time.Duration(i)*step - time.Duration(r.Int64N(int64(step)+1)))
			title := g.title()
			link := fmt.Sprintf("https://%s/a/%d/%06d.html", host, pub.Year(), i)
			it := feeds.Item{
				ID:            link,
				SourceName:    name,
				SourceURL:     src.URL,
				Title:         title,
				Link:          link,
				GUID:          link,
				Author:        g.author(),
				Published:     pub,
				PublishedFrom: "pubDate",
				Summary:       g.summary(),
				Section:       sections[r.IntN(len(sections))],
			}
			if o.ContentEvery > 0 && i%o.ContentEvery == 0 {
				var paras []string
				for range 3 + r.IntN(4) {
					paras = append(paras, g.summary())
				}
				it.Content = strings.Join(paras, "\n\n")
				it.ContentHTML = "<p>" + strings.Join(paras, "</p><p>") + "</p>"
			} else {
				it.Content = it.Summary
			}
			items = append(items, it)
		}
		c.Items = append(c.Items, items)
	}
	return c
}

// All returns every item, source by source.
func (c *Corpus) All() []feeds.Item {
	var out []feeds.Item
	for _, s := range c.Items {
		out = append(out, s...)
	}
	return out
}

type generator struct {
	r                                      *rand.Rand
	c                                      *Corpus
	tail                                   []string
	zWords, zTail, zPeople, zPlaces, zOrgs *zipf
}

func (g *generator) person() string { return g.c.People[g.zPeople.next()] }
func (g *generator) place() string  { return places[g.zPlaces.next()] }
func (g *generator) org() string    { return orgs[g.zOrgs.next()] }
func (g *generator) word() string {
	if g.r.IntN(5) == 0 {
		return g.tail[g.zTail.next()]
	}
	return common[g.zWords.next()]
}

func (g *generator) author() string {
	if g.r.IntN(3) == 0 {
		return ""
	}
	return g.c.People[g.r.IntN(len(g.c.People))]
}

func (g *generator) fill(tpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		b.WriteString(tpl[:i])
		switch tpl[i+1 : i+j] {
		case "P":
			b.WriteString(g.person())
		case "L":
			b.WriteString(g.place())
		case "O":
			b.WriteString(g.org())
		case "W":
			b.WriteString(g.word())
		case "V":
			b.WriteString(verbs[g.r.IntN(len(verbs))])
		case "N":
			fmt.Fprintf(&b, "%d", 2+g.r.IntN(998))
		}
		tpl = tpl[i+j+1:]
	}
	return b.String()
}

func (g *generator) title() string {
	t := g.fill(titleTemplates[g.r.IntN(len(titleTemplates))])
	return strings.ToUpper(t[:1]) + t[1:]
}

func (g *generator) summary() string {
	var parts []string
	for range 2 + g.r.IntN(2) {
		s := g.fill(sentenceTemplates[g.r.IntN(len(sentenceTemplates))])
		parts = append(parts, strings.ToUpper(s[:1])+s[1:])
	}
	return strings.Join(parts, " ")
}

// zipf draws indexes 0..n-1 with P(i) ~ 1/(i+1)^1.07.
type zipf struct{ z *rand.Zipf }

func newZipf(r *rand.Rand, n int) *zipf {
	return &zipf{rand.NewZipf(r, 1.07, 2, uint64(n-1))}
}
func (z *zipf) next() int { return int(z.z.Uint64()) }

// makeTail builds n distinct word-like tokens from syllables: the rare
// vocabulary (names of things, technical terms) that makes real news text
// have a long-tailed vocabulary.
func makeTail(r *rand.Rand, n int) []string {
	syl := []string{"ka", "ro", "mi", "sen", "tal", "ver", "do", "qua", "lin", "zhe", "pra", "nor",
		"bel", "gu", "han", "to", "ri", "ste", "mon", "ax", "el", "fi", "jo", "wen", "sai", "ber",
		"ul", "tra", "cor", "ne", "pa", "sol", "gra", "vi", "tek", "mar", "os", "din", "ya", "ho"}
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		k := 2 + r.IntN(3)
		var b strings.Builder
		for range k {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		w := b.String()
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

var titleTemplates = []string{
	"{P} says {L} will {V} {W} {W}",
	"{L} and {L} agree to {V} {W} talks",
	"{O} warns of {W} {W} in {L}",
	"{N} killed as {W} hits {L}",
	"{P} meets {P} in {L} amid {W} tensions",
	"{L} to {V} {W} {W} by {N}",
	"{O} chief {P} quits over {W} {W}",
	"{W} {W} in {L} draws {O} concern",
	"{L} {W} exports rise {N} percent",
	"Opinion: why {L} must {V} {W} {W}",
	"{P}: '{L} is ready to {V} {W}'",
	"{O} and {O} sign {W} deal in {L}",
	"{L} court {V}s {W} case against {P}",
	"Thousands rally in {L} over {W} {W}",
	"{L} reports {N} new {W} cases",
}

var sentenceTemplates = []string{
	"{P}, the {W} {W} of {L}, said on {D} that the government would {V} {W} {W} and {W} {W}.",
	"The {O} said {N} people had been affected by the {W} {W} in {L} and {L}.",
	"Officials in {L} told {O} that {W} {W} talks with {L} would {V} next week.",
	"{P} told reporters in {L} the {W} {W} was \"{W} and {W}\" and urged {O} to {V} it.",
	"Analysts said the move could {V} {W} {W} across {L}, where {W} {W} has risen {N} percent this year.",
	"The {W} comes after {P} met {P} in {L} to discuss {W} {W} and {W}.",
	"According to {O}, {N} {W} {W} were reported in {L} on {D}.",
	"{L} has long sought to {V} its {W} {W} with {L} amid {W} {W}.",
	"Critics including {P} said the {W} {W} would {V} the {W} {W} of {L}.",
	"The {O} will hold a {W} {W} in {L} in {M}, {P} said.",
}

func init() {
	// {D} weekday and {M} month placeholders are filled as words.
	for i, t := range sentenceTemplates {
		t = strings.ReplaceAll(t, "{D}", "{W}")
		t = strings.ReplaceAll(t, "{M}", "{W}")
		sentenceTemplates[i] = t
	}
}

var verbs = words(`
	boost, review, expand, cut, ban, resume, suspend, extend, strengthen, end, restore,
	launch, block, approve, reject, renew, tighten, ease, probe, fund, back, oppose, raise,
	lower, deploy, withdraw, sign, scrap`)

var sourceNames = words(`
	China Daily Asia-Pacific, China Daily World, Kyodo News, Yonhap, The Straits Times, South
	China Morning Post, ABC News Australia, NHK World, The Hindu, Jakarta Post, Bangkok Post,
	Channel News Asia, Xinhua, Manila Bulletin, Taipei Times, Dawn, RNZ, Vietnam News, The
	Diplomat, Nikkei Asia`)

var sections = words(`
	World, Asia-Pacific, Business, Politics, Opinion, Sports, Culture, Science, Health,
	Technology`)

var given = words(`
	Taro, Mark, Kyeong, Xi, Moon, Shinzo, Yoshihide, Fumio, Lee, Park, Kim, Li, Wang, Zhang,
	Chen, Liu, Yang, Huang, Zhao, Wu, Zhou, Narendra, Rahul, Amit, Priya, Joko, Prabowo,
	Anwar, Mahathir, Lawrence, Rodrigo, Ferdinand, Sara, Scott, Anthony, Jacinda, Chris, Hun,
	Prayut, Srettha, Aung, Min, Sheikh, Imran, Shehbaz, Ranil, Gotabaya, Tsai, Lai, Ma, John,
	Mary, Peter, David, James, Robert, Michael, Susan, Karen, Emmanuel, Olaf, Rishi, Keir,
	Joe, Donald, Kamala, Antony, Lloyd, Sergei, Vladimir, Recep, Ali, Hassan, Ahmed, Fatima,
	Nguyen, Tran, Pham, Vo, Hiroshi, Yuki, Haruka, Kenji, Akiko, Sato, Ji-hoon, Seo-yeon,
	Min-jun, Arjun, Deepa, Siti, Nur, Ahmad, Maria, Jose, Ana, Luis, Carlos, Elena`)

var family = words(`
	Kono, Esper, Jeong, Jinping, Jae-in, Abe, Suga, Kishida, Nakasone, Yoon, Lee, Kim, Park,
	Choi, Wang, Li, Zhang, Liu, Chen, Modi, Gandhi, Shah, Sharma, Widodo, Subianto, Ibrahim,
	Mohamad, Wong, Duterte, Marcos, Morrison, Albanese, Ardern, Hipkins, Sen, Manet,
	Chan-o-cha, Thavisin, Suu Kyi, Hlaing, Hasina, Khan, Sharif, Wickremesinghe, Rajapaksa,
	Ing-wen, Ching-te, Ying-jeou, Smith, Johnson, Brown, Taylor, Macron, Scholz, Sunak,
	Starmer, Biden, Trump, Harris, Blinken, Austin, Lavrov, Putin, Erdogan, Khamenei, Rouhani,
	Tanaka, Suzuki, Takahashi, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato, Nguyen,
	Tran, Le, Pham, Hoang, Singh, Kumar, Patel, Rahman, Hussain, Santos, Reyes, Cruz, Garcia,
	Lim, Tan, Ng, Goh, Teo, Ong, Yeo, Koh, Chua, Halim, Sukarno`)

var places = words(`
	China, Japan, South Korea, North Korea, Beijing, Tokyo, Seoul, Pyongyang, Taiwan, Hong
	Kong, Shanghai, Osaka, Busan, Okinawa, Bangkok, Thailand, Vietnam, Hanoi, Ho Chi Minh
	City, Indonesia, Jakarta, Malaysia, Kuala Lumpur, Singapore, Philippines, Manila, Myanmar,
	Yangon, Cambodia, Phnom Penh, Laos, India, New Delhi, Mumbai, Pakistan, Islamabad,
	Bangladesh, Dhaka, Sri Lanka, Colombo, Nepal, Kathmandu, Australia, Canberra, Sydney,
	Melbourne, New Zealand, Wellington, Auckland, Fiji, Papua New Guinea, Solomon Islands,
	United States, Washington, Russia, Moscow, United Kingdom, London, France, Paris, Germany,
	Berlin, Brussels, Ukraine, Kyiv, Iran, Tehran, Israel, Gaza, Saudi Arabia, Egypt, Cairo,
	Turkey, Ankara, Kenya, Nairobi, South Africa, Nigeria, Brazil, Mexico, Canada, Ottawa,
	Korean Peninsula, South China Sea, East China Sea, Taiwan Strait, Mekong, Xinjiang, Tibet,
	Guangdong, Shenzhen, Chongqing, Hokkaido, Kyushu, Jeju, Bali, Mindanao, Kashmir, Punjab,
	Kadena Air Base`)

var orgs = words(`
	ASEAN, United Nations, UN Security Council, World Health Organization, WHO, IMF, World
	Bank, Asian Development Bank, APEC, G20, G7, NATO, WTO, European Union, Kyodo News,
	Xinhua, Yonhap, Reuters, Associated Press, Japanese Defense Ministry, Ministry of Foreign
	Affairs, People's Liberation Army, Bank of Japan, People's Bank of China, Reserve Bank of
	India, Samsung, Toyota, Sony, Huawei, Alibaba, Tencent, TSMC, Hyundai, Liberal Democratic
	Party, Democratic Party, Communist Party of China, Bharatiya Janata Party, Pentagon, State
	Department, Supreme Court, Red Cross, Greenpeace, Amnesty International, International
	Olympic Committee, FIFA, Quad, AUKUS, SCO, BRICS, OPEC`)

// common holds frequent news words, roughly most frequent first.
var common = strings.Fields(`government said year people country new percent president
minister officials police security trade economic economy military talks state public
election party national foreign policy market growth report week month support plan
health crisis climate energy water power oil gas prices inflation rate bank investment
deal agreement cooperation relations border region regional defense defence forces war
peace conflict attack attacks troops missile nuclear sanctions tariffs exports imports
supply chain chips technology digital data internet social media online court case law
rights protest protests rally vote voters campaign parliament leader leaders summit
meeting visit delegation ministry spokesman spokeswoman statement officials agency
company companies business industry workers jobs unemployment tax budget spending debt
bonds stocks shares investors currency yuan yen won dollar rupee ringgit baht rupiah
flood floods earthquake typhoon storm rain drought heatwave wildfire disaster relief
rescue emergency hospital hospitals doctors patients vaccine virus outbreak cases deaths
school schools students university education children women family families community
tourism tourists flights airline airport travel visa migrants refugees workers labour
food rice farmers agriculture fishing fishermen coast sea island islands port shipping
navy coast guard drills exercise exercises patrol vessels aircraft jets drones satellite
space launch research scientists study science innovation startup electric vehicles
cars batteries solar wind coal emissions carbon green renewable infrastructure railway
rail road bridge construction housing property developers loans credit banks finance
corruption investigation probe arrest arrested charged trial sentenced prison verdict
judge lawyers prosecutors evidence allegations scandal resignation resigned appointed
cabinet reshuffle coalition opposition ruling lawmakers bill legislation reform reforms
constitution referendum sovereignty territorial dispute disputes claims maritime waters
alliance partners partnership bilateral multilateral diplomatic diplomats embassy envoy
ambassador ties tensions dialogue negotiations ceasefire humanitarian aid assistance
development poverty inequality wages consumers demand output manufacturing factory
factories production exports surplus deficit forecast outlook quarter annual record high
low rise fall fell rose jumped slumped surged dropped increased decreased stable steady
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December culture festival film music art
sports football cricket badminton olympics games champion championship team coach
players match win victory defeat final season league tournament heritage museum history
anniversary memorial ceremony celebration tradition language religion temple mosque church`)

// words splits a list written as prose, names separated by commas (a
// name may hold spaces), so long lists read as text.
func words(list string) []string {
	var out []string
	for _, w := range strings.Split(list, ",") {
		if w = strings.Join(strings.Fields(w), " "); w != "" {
			out = append(out, w)
		}
	}
	return out
}
