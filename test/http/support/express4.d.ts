// Express 4 is installed under the alias `express4`; its API is the one `@types/express` describes for both lines.
declare module 'express4' {
  import express from 'express';
  export default express;
}
