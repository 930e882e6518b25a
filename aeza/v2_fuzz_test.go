package aeza

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// FuzzV2Decode runs the v2 decoders over any body: no panic, and the
// one-pass services page agrees with encoding/json whenever it answers.
func FuzzV2Decode(f *testing.F) {
	for _, s := range []string{
		`{"items":[{"id":1,"price":5,"currentTask":{"id":"a"}}],"total":1}`,
		`{"data":{"items":[{"id":1}],"total":1}}`,
		`[{"id":1,"slug":"ubuntu_2404"}]`,
		`{"data":[1,2]}`, `{"id":1,"data":{}}`, `{"items":[],"items":[{"id":2}]}`,
		`{"address":"h","password":"p"}`, `{"data":["1","2"]}`, ``, `null`, `"ok"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &transport.Response{StatusCode: 200, Header: http.Header{}, Body: body, Method: "GET", Path: "/api/v2/x"}
		if p, wrapped := v2Payload(body); wrapped && !json.Valid(p) && json.Valid(body) {
			t.Fatalf("wrapped payload %q of a valid body is not JSON", p)
		}
		var fast List[ServiceInfo]
		done, ferr := decodeServiceInfoPage(resp, &fast)
		if done {
			var plain List[ServiceInfo]
			perr := json.Unmarshal(body, &plain)
			if (ferr == nil) != (perr == nil) {
				t.Fatalf("one-pass error %v, plain %v", ferr, perr)
			}
			if ferr == nil {
				if plain.Items == nil {
					plain.Items = []ServiceInfo{}
				}
				if !reflect.DeepEqual(fast, plain) {
					t.Fatalf("one-pass %#v, plain %#v", fast, plain)
				}
			}
		}
		_, _ = decodeV2(resp, &bareList[SSHKey]{l: &List[SSHKey]{}})
		_, _ = decodeV2(resp, &bareList[OS]{l: &List[OS]{}})
		_, _ = decodeV2(resp, new(ServiceInfo))
		_, _ = decodeV2(resp, new(AccountDetails))
		_, _ = decodeV2(resp, new(VNCAccess))
		_, _ = decodeV2(resp, new(LedgerEntry))
		_, _ = decodeV2(resp, new(Domain))
		var st Stats
		_ = json.Unmarshal(body, &st)
		_ = firstOf(body, true)
	})
}
