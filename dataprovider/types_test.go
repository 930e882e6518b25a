package dataprovider

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKopecks(t *testing.T) {
	for k, want := range map[Kopecks]string{36900: "369.00 ₽", 0: "0.00 ₽", 5: "0.05 ₽", -1000: "-10.00 ₽", -1: "-0.01 ₽",
		math.MinInt64: "-92233720368547758.08 ₽"} {
		assert.Equal(t, want, k.String())
	}
	r, k := Kopecks(36950).Roubles()
	assert.Equal(t, [2]int64{369, 50}, [2]int64{r, k})
}

func TestPeriod(t *testing.T) {
	p, err := ParsePeriod("02-22")
	require.NoError(t, err)
	assert.Equal(t, Period{Year: 2022, Month: 2}, p)
	assert.Equal(t, "02-22", p.String())
	q, _ := ParsePeriod("12-21")
	assert.True(t, q.Before(p))
	assert.Equal(t, 1, p.Compare(q))
	assert.Equal(t, 0, p.Compare(p))
	for _, bad := range []string{"", "2-22", "13-22", "00-22", "02/22", "+2-22", "02--1", "ab-cd"} {
		_, err := ParsePeriod(bad)
		assert.Error(t, err, bad)
	}
	var odd Period
	require.NoError(t, json.Unmarshal([]byte(`"сентябрь"`), &odd))
	assert.False(t, odd.Valid())
	assert.Equal(t, "сентябрь", odd.String())
	assert.True(t, p.Valid())
	b, _ := json.Marshal(p)
	assert.Equal(t, `"02-22"`, string(b))
}

func TestPasswordNeverPrints(t *testing.T) {
	u := User{Login: "1595", Password: "s3cret-pw"}
	for _, s := range []string{fmt.Sprint(u.Password), fmt.Sprintf("%v %+v %#v %s %q %x", u, u, u, u.Password, u.Password, u.Password), u.Password.String()} {
		assert.NotContains(t, s, "s3cret-pw")
	}
	b, _ := json.Marshal(u)
	assert.Contains(t, string(b), `"password":"s3cret-pw"`)
}

func TestState(t *testing.T) {
	assert.Equal(t, "connected", StateConnected.String())
	assert.Equal(t, "terminated", StateTerminated.String())
	assert.True(t, StateNew.Known())
}
