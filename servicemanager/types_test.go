package servicemanager_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/transport"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

func TestPasswordRedacts(t *testing.T) {
	u := sm.CreateUser{Login: "Nestor", Password: "w13p-3q"}
	for _, s := range []string{
		fmt.Sprint(u.Password), fmt.Sprintf("%v %s %q %x %d", u.Password, u.Password, u.Password, u.Password, u.Password),
		fmt.Sprintf("%+v", u), fmt.Sprintf("%#v", u), fmt.Sprintf("%v", &u), u.Password.String(), u.Password.GoString(),
	} {
		assert.NotContains(t, s, "w13p-3q")
		assert.Contains(t, s, transport.Redacted, "the module-wide spelling")
	}
	assert.Equal(t, transport.Redacted, u.Password.String())
	assert.Equal(t, `servicemanager.Password("`+transport.Redacted+`")`, u.Password.GoString())
	b0, _ := u.Password.MarshalText()
	assert.Equal(t, transport.Redacted, string(b0))
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("create", "password", u.Password, "user", u)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("create", "password", u.Password)
	assert.NotContains(t, buf.String(), "w13p-3q")
	b, err := json.Marshal(u)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"password":"w13p-3q"`, "the wire carries the real password")
	assert.Equal(t, "w13p-3q", u.Password.Reveal())
	assert.Equal(t, "", sm.Password("").String())
}

func TestValueRoundTrip(t *testing.T) {
	for _, raw := range []string{`true`, `false`, `10`, `-3.14159265358979323846264338327950288`, `1e400`, `"строка"`,
		`"2023-05-17T10:30:00"`, `"2023-05-17T10:30:00+03:00"`, `"\u0041\/"`, `{"a":[1,2]}`, `[1]`} {
		var a sm.Attribute
		require.NoError(t, json.Unmarshal([]byte(`{"key":"k","value":`+raw+`,"type":"t"}`), &a), raw)
		b, err := json.Marshal(a)
		require.NoError(t, err)
		assert.Equal(t, `{"key":"k","value":`+raw+`,"type":"t"}`, string(b))
	}
	var a sm.Attribute
	require.NoError(t, json.Unmarshal([]byte(`{"key":"k"}`), &a))
	assert.True(t, a.Value.IsZero())
	assert.Equal(t, sm.KindNone, a.Value.Kind())
	b, _ := json.Marshal(a)
	assert.Equal(t, `{"key":"k"}`, string(b))
	require.NoError(t, json.Unmarshal([]byte(`{"key":"k","value":null}`), &a))
	assert.True(t, a.Value.IsZero())
}

func TestValueAccessors(t *testing.T) {
	v := sm.TimeValue(time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC))
	assert.Equal(t, `"2024-01-31T10:00:00"`, string(v.Raw()))
	msk := time.FixedZone("MSK", 3*3600)
	tm, ok := v.Time(msk)
	require.True(t, ok)
	assert.Equal(t, msk, tm.Location())
	_, ok = sm.StringValue("не дата").Time(nil)
	assert.False(t, ok)
	d, ok := sm.StringValue("2024-02-01").Time(nil)
	assert.True(t, ok)
	assert.Equal(t, 1, d.Day())

	n, err := sm.NumberValue("1500.50")
	require.NoError(t, err)
	r, ok := n.Rat()
	require.True(t, ok)
	assert.Equal(t, "3001/2", r.String())
	_, ok = n.Int64()
	assert.False(t, ok)
	assert.Equal(t, "1500.50", n.String())
	_, err = sm.NumberValue(`"1"`)
	assert.Error(t, err)
	_, err = sm.NumberValue("abc")
	assert.Error(t, err)

	assert.Equal(t, "hi", sm.StringValue("hi").String())
	assert.Equal(t, "true", sm.BoolValue(true).String())
	_, ok = sm.BoolValue(true).Str()
	assert.False(t, ok)
	_, ok = sm.StringValue("x").Bool()
	assert.False(t, ok)
	assert.Equal(t, sm.KindBool, sm.BoolValue(false).Kind())
	assert.Equal(t, "boolean", sm.KindBool.String())
	rv, err := sm.RawValue(json.RawMessage(` 42 `))
	require.NoError(t, err)
	assert.Equal(t, "42", string(rv.Raw()))
	_, err = sm.RawValue(json.RawMessage(`{`))
	assert.Error(t, err)
}

func TestAmount(t *testing.T) {
	cases := map[string]int64{`1500`: 150000, `8040.5`: 804050, `"11999.99"`: 1199999, `0.01`: 1}
	for in, want := range cases {
		var a sm.Amount
		require.NoError(t, json.Unmarshal([]byte(in), &a), in)
		k, err := a.Kopecks()
		require.NoError(t, err, in)
		assert.Equal(t, want, k, in)
	}
	var a sm.Amount
	require.NoError(t, json.Unmarshal([]byte(`0.001`), &a))
	_, err := a.Kopecks()
	assert.ErrorIs(t, err, sm.ErrInvalidArgument)
	assert.Error(t, json.Unmarshal([]byte(`"abc"`), &a))
	b, _ := json.Marshal(sm.Amount("12.30"))
	assert.Equal(t, "12.30", string(b))
}

func TestRoles(t *testing.T) {
	for _, r := range []sm.Role{sm.RoleOwner, sm.RoleAdministrator, sm.RoleExtAdministrator, sm.RoleOperator, sm.RoleUser} {
		assert.True(t, r.Known(), r)
	}
	assert.False(t, sm.Role("superuser").Known())
	assert.True(t, sm.Code(10202).Success())
	assert.False(t, sm.Code(10404).Success())
}

func TestImageDecodeBad(t *testing.T) {
	_, err := sm.Image{Name: "x", Data: "!!!"}.Decode()
	assert.Error(t, err)
}

func TestHugeExponents(t *testing.T) {
	v, err := sm.NumberValue("1e999999999")
	require.NoError(t, err)
	_, ok := v.Rat()
	assert.False(t, ok)
	_, err = sm.Amount("1e999999999").Kopecks()
	assert.Error(t, err)
	k, err := sm.Amount("1.5e2").Kopecks()
	require.NoError(t, err)
	assert.Equal(t, int64(15000), k)
}
