package aeza

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConvertTable(t *testing.T) {
	cases := []struct {
		name, value, mult string
		round             int
		want              string
	}{
		{"exact product", "369", "0.01", 2, "3.69"},
		{"exact product float trap 0.1*3", "0.1", "3", 2, "0.30"}, // float64 gives 0.30000000000000004 → 0.31
		{"float trap 1.1*1.1", "1.1", "1.1", 2, "1.21"},           // float64 gives 1.2100000000000002
		{"float trap 0.57*100", "0.57", "100", 0, "57"},           // float64 gives 56.99999999999999 (ceil still ok) / 57.00000000000001
		{"float trap 4.35*100", "4.35", "100", 0, "435"},          // float64 gives 434.99999999999994
		{"tiny excess rounds up", "369", "0.0112", 2, "4.14"},     // 4.1328
		{"one unit past", "1.0001", "1", 2, "1.01"},
		{"far excess at 8 places", "1", "0.000000010000000001", 8, "0.00000002"},
		{"exact at round", "4.13", "1", 2, "4.13"},
		{"zero", "0", "0.0112", 2, "0.00"},
		{"zero multiplier", "123.45", "0", 2, "0.00"},
		{"round 0", "99.01", "1", 0, "100"},
		{"large", "123456789012345678901234567890.5", "1.0000001", 2, "123456801358024580135802458013.96"}, // checked with Python decimal,
		{"exponent input", "1.5e3", "0.0103", 2, "15.45"},
		{"negative goes toward +inf", "-1.239", "1", 2, "-1.23"},
		{"round widens", "5", "1", 3, "5.000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Convert(MustDecimal(tc.value), MustDecimal(tc.mult), tc.round)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
		})
	}
	_, err := Convert(MustDecimal("1"), MustDecimal("1"), -1)
	assert.ErrorIs(t, err, ErrInvalidArgument)
}

func TestDecimalParseAndJSON(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "-0.50": "-0.50", "12": "12", "1e2": "100", "1.25E-2": "0.0125", "0.0112": "0.0112", "-7": "-7",
	} {
		d, err := ParseDecimal(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, d.String(), in)
	}
	for _, bad := range []string{"", "abc", "1.", ".5", "01", "1e", "1e99999", "--1", "1.2.3", "NaN", "Inf", "+1", "1e-2000"} {
		_, err := ParseDecimal(bad)
		assert.Error(t, err, bad)
	}
	var v struct{ A, B, C, D Decimal }
	require.NoError(t, json.Unmarshal([]byte(`{"A": 1.50, "B": "2.25", "C": null, "D": ""}`), &v))
	assert.Equal(t, "1.50", v.A.String())
	assert.Equal(t, "2.25", v.B.String())
	assert.True(t, v.C.IsZero())
	assert.True(t, v.D.IsZero())
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":1.50,"B":2.25,"C":0,"D":0}`, string(b))
	assert.Error(t, json.Unmarshal([]byte(`{"A": true}`), &v))
	assert.Equal(t, 0, MustDecimal("1.5").Cmp(MustDecimal("1.50")))
	assert.True(t, MustDecimal("1.5").Equal(MustDecimal("1.50")))
	assert.Equal(t, -1, MustDecimal("-2").Cmp(MustDecimal("1")))
	assert.Equal(t, "19.99", NewDecimal(1999, 2).String())
	assert.Equal(t, "1500", NewDecimal(15, -2).String())
	n, ok := MustDecimal("42.00").Int64()
	assert.True(t, ok)
	assert.Equal(t, int64(42), n)
	_, ok = MustDecimal("42.5").Int64()
	assert.False(t, ok)
	assert.Equal(t, "3/2", MustDecimal("1.5").Rat().String())
	var z Decimal
	assert.Equal(t, "0", z.String())
	assert.Equal(t, 0, z.Scale())
}

func TestTimestampFlexible(t *testing.T) {
	for in, want := range map[string]int64{
		`1700000000`: 1700000000, `"1700000000"`: 1700000000, `"2023-11-14T22:13:20Z"`: 1700000000, `1.7e9`: 1700000000,
	} {
		var ts Timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		assert.Equal(t, want, ts.Unix(), in)
		b, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, in, string(b), "round trip")
	}
	var ts Timestamp
	require.NoError(t, json.Unmarshal([]byte(`null`), &ts))
	assert.True(t, ts.IsZero())
	assert.Error(t, json.Unmarshal([]byte(`"yesterday"`), &ts))
	assert.Error(t, json.Unmarshal([]byte(`{}`), &ts))
}

// A decoded Timestamp whose time the caller then changes encodes the new
// time, not the one it came with: "as it came" only holds while it is the
// same instant.
func TestTimestampChangedEncodesNewTime(t *testing.T) {
	for _, in := range []string{`1700000000`, `"1700000000"`, `"2023-11-14T22:13:20Z"`, `1.7e9`, `""`} {
		var ts Timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		ts.Time = time.Unix(1800000000, 0).UTC()
		b, err := json.Marshal(ts)
		require.NoError(t, err)
		var back Timestamp
		require.NoError(t, json.Unmarshal(b, &back), "%s -> %s", in, b)
		assert.Equal(t, int64(1800000000), back.Unix(), "%s changed, encoded as %s", in, b)
	}
}

// Secrets given to slog's JSON handler are redacted as with the text
// handler: that handler calls MarshalJSON (which sends the real value to
// Aeza) unless the value is a slog.LogValuer.
func TestSecretsRedactedInSlogJSON(t *testing.T) {
	var b strings.Builder
	l := slog.New(slog.NewJSONHandler(&b, nil))
	l.Info("reinstall", "password", Password("fake-pass-not-real"),
		slog.Any("raw", SecretJSON(`{"secureParameters":{"password":"fake-pass-in-raw"}}`)))
	assert.NotContains(t, b.String(), "fake-pass")
	assert.Contains(t, b.String(), `"password":"[REDACTED]"`)
	assert.Contains(t, b.String(), `"raw":"[REDACTED]"`)
}

func TestPasswordRedacted(t *testing.T) {
	p := Password("fake-pass-not-real")
	r := ReinstallRequest{OS: OSID(1), Password: p}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		assert.NotContains(t, sprintf(f, r), "fake-pass", f)
		assert.NotContains(t, sprintf(f, p), "fake-pass", f)
	}
	txt, _ := p.MarshalText()
	assert.Equal(t, "[REDACTED]", string(txt))
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"os":1,"recipe":null,"password":"fake-pass-not-real"}`, string(b))
	assert.Equal(t, "fake-pass-not-real", p.Reveal())
}
