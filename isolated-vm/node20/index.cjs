// The isolated-vm line this folder's package.json pins, resolved from here.
module.exports = require('isolated-vm')
