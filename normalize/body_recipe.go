package normalize

import (
	"strings"

	"golang.org/x/net/html"
)

// ingredientWords in a class or id mark the ingredients of a recipe.
var ingredientWords = []string{"ingredient", "zutaten", "ingredien", "skladnik"}

// isIngredients reports whether n is marked as the ingredients of a
// recipe.
func isIngredients(n *html.Node) bool {
	s := classIDOf(n)
	for _, w := range ingredientWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
