export const run = {
  run() {
    console.log("hello from js, 6*7 =", 6 * 7);
    return;
  }
};
