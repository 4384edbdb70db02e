package raster

import "embed"

// Output profiles for registered printing conditions (raster/profiles,
// CC0; see its README): what RGB is converted with when the plan names the
// condition but gives no profile of its own.

//go:embed profiles/*.icc
var conditionProfiles embed.FS

// profileFor maps a condition identifier (as issue.Conditions registers it)
// to its bundled profile.
var profileFor = map[string]string{
	"FOGRA39":      "profiles/FOGRA39L_coated.icc",
	"FOGRA47":      "profiles/FOGRA47L_uncoated.icc",
	"CGATS TR 006": "profiles/GRACoL_TR006_coated.icc",
	"IFRA26":       "profiles/IFRA26S_2004_newsprint.icc",
}

// ConditionProfile is the bundled output profile of the registered
// condition id, or nil when there is none.
func ConditionProfile(id string) []byte {
	name, ok := profileFor[id]
	if !ok {
		return nil
	}
	b, err := conditionProfiles.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}
