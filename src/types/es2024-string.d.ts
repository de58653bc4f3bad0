// Node 20 has String.prototype.isWellFormed (ES2024); the ES2023 library the project compiles against does not
// declare it, and moving to the ES2024 library would also declare what Node 20 lacks (Promise.withResolvers).
interface String {
  /** False when the string holds a lone surrogate, which UTF-8 cannot carry (encoders write U+FFFD instead). */
  isWellFormed(): boolean;
}
