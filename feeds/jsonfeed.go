package feeds

import (
	"encoding/json"

	gfjson "github.com/mmcdole/gofeed/json"
)

// dropBadJSONItems returns a JSON Feed without the items that gofeed
// cannot decode ("url": 123, an item that is not an object, …), so that
// one bad item costs that item and not the feed. ok is false when the
// document is not an object with an items array, or no item was dropped:
// then there is nothing to retry.
func dropBadJSONItems(text []byte) (fixed []byte, ok bool) {
	var doc map[string]json.RawMessage
	if json.Unmarshal(text, &doc) != nil {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(doc["items"], &items) != nil {
		return nil, false
	}
	kept := items[:0]
	for _, raw := range items {
		var it gfjson.Item
		if json.Unmarshal(raw, &it) == nil {
			kept = append(kept, raw)
		}
	}
	if len(kept) == len(items) {
		return nil, false
	}
	b, err := json.Marshal(kept)
	if err != nil {
		return nil, false
	}
	doc["items"] = b
	if fixed, err = json.Marshal(doc); err != nil {
		return nil, false
	}
	return fixed, true
}
