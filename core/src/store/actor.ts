/** Who did something: `cli`, `operator:<token id>`, `author:<org>:<token id>`, `system`. */
export type Actor = string
